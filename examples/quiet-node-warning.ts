/**
 * Imported first by every example, in its own module so that it runs before the AWS SDK
 * loads. On Node 20 the AWS SDK prints a nine-line NodeVersionSupportWarning (later SDK
 * versions will need Node 22) when a client is made; the examples hide it so that their
 * output is the example's. Only the examples set this: bedrock-kit itself never does, so
 * your own programs still get the SDK's warning unless you set the variable yourself.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export {};
