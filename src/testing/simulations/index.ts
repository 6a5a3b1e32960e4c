/** The offline Bedrock's simulated models by family. Adding a family adds one line here. */
import type { ModelSimulation } from "../kit.js";
import { ai21J2Simulation } from "./ai21-j2.js";
import { ai21JambaSimulation } from "./ai21-jamba.js";
import { amazonNovaCanvasSimulation, amazonTitanImageSimulation } from "./amazon-image.js";
import { amazonNovaSimulation } from "./amazon-nova.js";
import { amazonNovaEmbedSimulation } from "./amazon-nova-embed.js";
import { amazonTitanEmbedImageSimulation, amazonTitanEmbedSimulation, amazonTitanEmbedV2Simulation } from "./amazon-titan-embed.js";
import { amazonTitanTextSimulation } from "./amazon-titan-text.js";
import { anthropicMessagesSimulation } from "./anthropic-messages.js";
import { anthropicTextSimulation } from "./anthropic-text.js";
import { cohereChatSimulation } from "./cohere-chat.js";
import { cohereCommandSimulation } from "./cohere-command.js";
import { cohereEmbedSimulation, cohereEmbedV4Simulation } from "./cohere-embed.js";
import { metaLlama2Simulation, metaLlama3Simulation, metaLlama4Simulation } from "./meta-llama.js";
import { mistralChatSimulation } from "./mistral-chat.js";
import { mistralPromptSimulation } from "./mistral-prompt.js";
import { amazonRerankSimulation, cohereRerankSimulation } from "./rerank.js";
import { stabilityImageSimulation, stabilitySdxlSimulation } from "./stability.js";
import { twelvelabsMarengo3Simulation, twelvelabsMarengoSimulation } from "./twelvelabs-marengo.js";
import { moonshotKimiSimulation, openAiChatSimulation } from "./openai-chat-completions.js";
import { deepSeekR1Simulation } from "./deepseek-r1.js";
import { writerPalmyraSimulation } from "./writer-palmyra.js";
import { twelveLabsPegasusSimulation } from "./twelvelabs-pegasus.js";

/** Family → simulated model. */
export const simulations: ReadonlyMap<string, ModelSimulation> = new Map(
  [
    anthropicMessagesSimulation,
    anthropicTextSimulation,
    amazonTitanTextSimulation,
    amazonNovaSimulation,
    metaLlama2Simulation,
    metaLlama3Simulation,
    metaLlama4Simulation,
    mistralPromptSimulation,
    mistralChatSimulation,
    ai21J2Simulation,
    ai21JambaSimulation,
    cohereCommandSimulation,
    cohereChatSimulation,
    amazonTitanEmbedSimulation,
    amazonTitanEmbedV2Simulation,
    amazonTitanEmbedImageSimulation,
    cohereEmbedSimulation,
    cohereEmbedV4Simulation,
    amazonNovaEmbedSimulation,
    twelvelabsMarengoSimulation,
    twelvelabsMarengo3Simulation,
    amazonTitanImageSimulation,
    amazonNovaCanvasSimulation,
    stabilitySdxlSimulation,
    stabilityImageSimulation,
    cohereRerankSimulation,
    amazonRerankSimulation,
    openAiChatSimulation,
    deepSeekR1Simulation,
    writerPalmyraSimulation,
    twelveLabsPegasusSimulation,
    moonshotKimiSimulation,
  ].map((simulation) => [simulation.family, simulation]),
);
