// Runs `npm start`'s script as a user would, on free ports (MOCK_PORT=0 DOCS_PORT=0: the servers pick
// them, so no other process can take one in between), and reads the URLs it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { ROOT } from '../../scripts/lib/paths.mjs';

export const isListening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** The two URLs `npm start` printed (the real ports, whatever MOCK_PORT and DOCS_PORT said). */
export function printedUrls(stdout: string): { mockUrl: string; docsUrl: string } {
  const url = (label: string) => {
    const found = new RegExp(`${label}\\s+(http://\\S+)`).exec(stdout)?.[1];
    if (found === undefined) throw new Error(`npm start printed no ${label.replaceAll('\\', '')} URL:\n${stdout}`);
    return found;
  };
  return { mockUrl: url('CSMS mock \\(Prism\\)'), docsUrl: url('API docs \\(Redoc\\)') };
}

export interface Started {
  child: ChildProcess;
  mockUrl: string;
  docsUrl: string;
  stdout: () => string;
  stderr: () => string;
  /** Sends SIGINT (Ctrl-C) and resolves with the exit code. */
  stop: () => Promise<number | null>;
}

export function runStart(env: Record<string, string>): {
  child: ChildProcess;
  exited: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
} {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => out, stderr: () => err };
}

export async function startNpmStart(env: Record<string, string> = {}): Promise<Started> {
  const run = runStart({ MOCK_PORT: '0', DOCS_PORT: '0', ...env });
  const deadline = Date.now() + 30_000;
  while (!run.stdout().includes('Ctrl-C stops both.')) {
    if (run.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`npm start did not come up:\n${run.stdout()}\n${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const { mockUrl, docsUrl } = printedUrls(run.stdout());
  return {
    ...run,
    mockUrl,
    docsUrl,
    stop: async () => {
      run.child.kill('SIGINT');
      return run.exited;
    },
  };
}
