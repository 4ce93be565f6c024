// The browser for the docs test: CHROMIUM_PATH when set, else the Chromium that the
// @sparticuz/chromium npm package carries (it unpacks itself under the OS temp folder on first
// use), so `npm ci && npm test` needs nothing installed by hand.
import fs from 'node:fs';
import Chromium from '@sparticuz/chromium';

export async function chromiumExecutable(): Promise<string> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv))
      throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist; unset it to use the Chromium from @sparticuz/chromium.`);
    return fromEnv;
  }
  // Without WebGL it skips unpacking SwiftShader, which the docs page does not need.
  Chromium.setGraphicsMode = false;
  return Chromium.executablePath();
}
