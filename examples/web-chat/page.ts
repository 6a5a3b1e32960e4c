/** The web chat's one page: a model picker, a prompt box, the answer as it streams, tokens and cost. No build step, no framework. */

/** The page's HTML for the models offered. */
export function chatPage(models: readonly string[]): string {
  const options = models.map((model) => `<option value="${model}">${model}</option>`).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>bedrock-kit web chat</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
  h1 { font-size: 1.3rem; }
  form { display: grid; gap: .6rem; }
  textarea { min-height: 5rem; font: inherit; padding: .5rem; }
  select, button { font: inherit; padding: .4rem .6rem; }
  #answer { white-space: pre-wrap; border: 1px solid #d0d7de; border-radius: 6px; padding: .8rem; min-height: 4rem; margin-top: 1rem; }
  #meta { color: #57606a; font-size: .9rem; margin-top: .4rem; }
  #error { color: #cf222e; }
</style>
</head>
<body>
<h1>bedrock-kit web chat</h1>
<form id="chat">
  <label>Model <select id="model" name="model">${options}</select></label>
  <label><input type="checkbox" id="kb" name="kb"> Ask the knowledge base (the telecom runbooks), with sources</label>
  <textarea id="prompt" name="prompt" placeholder="Why is my BGP circuit down?"></textarea>
  <button id="send" type="submit">Send</button>
</form>
<div id="answer" aria-live="polite"></div>
<div id="meta"></div>
<ul id="sources"></ul>
<div id="error"></div>
<script>
  const form = document.getElementById("chat");
  const answer = document.getElementById("answer");
  const meta = document.getElementById("meta");
  const error = document.getElementById("error");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    answer.textContent = "";
    meta.textContent = "streaming…";
    error.textContent = "";
    document.getElementById("sources").textContent = "";
    const query = new URLSearchParams({ model: document.getElementById("model").value, prompt: document.getElementById("prompt").value, mode: document.getElementById("kb").checked ? "kb" : "chat" });
    const source = new EventSource("/chat?" + query);
    source.addEventListener("delta", (message) => { answer.textContent += JSON.parse(message.data).text; });
    source.addEventListener("done", (message) => {
      const done = JSON.parse(message.data);
      meta.textContent = done.modelId + ": " + done.inputTokens + " in / " + done.outputTokens + " out tokens, $" + done.costUsd.toFixed(6);
      for (const source of done.sources || []) {
        const item = document.createElement("li");
        item.textContent = source;
        document.getElementById("sources").appendChild(item);
      }
      meta.dataset.done = "true";
      source.close();
    });
    source.addEventListener("failure", (message) => {
      error.textContent = JSON.parse(message.data).message;
      meta.textContent = "";
      source.close();
    });
  });
</script>
</body>
</html>`;
}
