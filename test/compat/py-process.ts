// Runs the Debian python3 client scripts of test/compat/py/ and watches their output lines.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
export const PYTHON = '/usr/bin/python3';

export class PyProcess {
  readonly lines: string[] = [];
  readonly child: ChildProcess;
  private waiters: (() => void)[] = [];
  exitCode: number | null | undefined = undefined;
  stderr = '';

  constructor(script: string, args: readonly string[]) {
    this.child = spawn(PYTHON, [join(here, 'py', script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    this.child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        this.lines.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
      this.wake();
    });
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderr += d.toString();
      if (this.stderr.length > 20000) this.stderr = this.stderr.slice(-10000);
    });
    // 'close', not 'exit': stdout is fully read only then.
    this.child.on('close', (code) => {
      this.exitCode = code;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves once `pred` holds over the output lines; rejects after timeoutMs. */
  async waitFor(pred: (lines: readonly string[]) => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this.lines)) {
      if (this.exitCode !== undefined) throw new Error(`${what}: process exited (${this.exitCode}); stderr: ${this.stderr.slice(-2000)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${what}: timed out; last lines: ${this.lines.slice(-5).join(' | ')}; stderr: ${this.stderr.slice(-1500)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async exited(timeoutMs: number): Promise<number | null> {
    await this.waitFor(() => this.exitCode !== undefined, timeoutMs, 'exit').catch(() => undefined);
    if (this.exitCode === undefined) {
      this.child.kill('SIGKILL');
      await new Promise((r) => this.child.once('close', r));
    }
    return this.exitCode ?? null;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.exitCode === undefined) this.child.kill(signal);
  }
}

/** Runs a script to completion and returns its output lines. */
export async function runPy(script: string, args: readonly string[], timeoutMs = 30_000): Promise<string[]> {
  const p = new PyProcess(script, args);
  const code = await p.exited(timeoutMs);
  if (code !== 0) throw new Error(`${script} exited ${code}: ${p.stderr.slice(-2000)}`);
  return p.lines;
}
