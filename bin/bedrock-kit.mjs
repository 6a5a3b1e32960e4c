#!/usr/bin/env node
// The `bedrock-kit` command: the built CLI (src/cli/), one import so the shebang stays out of the bundle.
import "../dist/cli/index.js";
