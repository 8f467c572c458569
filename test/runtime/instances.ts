// Runs tracked-instance.ts (or another instance script) as child processes and follows their JSON event lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./fixtures/tracked-instance.ts', import.meta.url));

export interface InstanceEvent {
  t: number;
  pid: number;
  event: 'state' | 'tasks' | 'restored' | 'restoreStart' | 'error' | 'progress';
  state?: string;
  active?: string[];
  standby?: string[];
  restored?: number;
  restoredTotal?: number;
  processed?: number;
  message?: string;
}

export class Instance {
  readonly events: InstanceEvent[] = [];
  private waiters: Array<() => void> = [];
  readonly child: ChildProcess;
  stderr = '';

  constructor(
    readonly name: string,
    args: string[],
    env: Record<string, string> = {},
    /** the instance script (default: fixtures/tracked-instance.ts) */
    instanceScript = script,
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', instanceScript, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let buffered = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          this.events.push(JSON.parse(line) as InstanceEvent);
        } catch {
          // not ours
        }
        for (const w of this.waiters.splice(0)) w();
      }
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.child.on('exit', () => {
      for (const w of this.waiters.splice(0)) w();
    });
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** the latest tasks event */
  tasks(): { active: string[]; standby: string[] } {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i]!;
      if (e.event === 'tasks') return { active: e.active ?? [], standby: e.standby ?? [] };
    }
    return { active: [], standby: [] };
  }

  state(): string | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) if (this.events[i]!.event === 'state') return this.events[i]!.state;
    return undefined;
  }

  async waitFor(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
    await waitUntil([this], pred, timeoutMs, `${this.name}: ${what}`);
  }

  async kill9(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await once(this.child, 'exit');
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    await once(this.child, 'exit');
  }
}

/** Waits until pred() holds, re-checking on every event of these instances and every 100 ms. */
export async function waitUntil(instances: Instance[], pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    const errors = instances.flatMap((i) => i.events.filter((e) => e.event === 'error').map((e) => `${i.name}: ${e.message}`));
    if (errors.length > 0) throw new Error(`instance failed while waiting for ${what}:\n${errors.join('\n')}`);
    if (Date.now() > deadline) {
      const detail = instances.map((i) => `${i.name} alive=${i.alive} state=${i.state()} tasks=${JSON.stringify(i.tasks())}\n${i.stderr.slice(-2000)}`).join('\n');
      throw new Error(`timed out waiting for ${what}\n${detail}`);
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 100);
      for (const i of instances) i['waiters'].push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

export const allTasks = (partitions: number): string[] => [0, 1].flatMap((s) => Array.from({ length: partitions }, (_, p) => `${s}_${p}`)).sort();

/** true when the instances' active tasks are exactly `expected`, each once */
export function coversExactly(instances: Instance[], expected: string[]): boolean {
  const active = instances.filter((i) => i.alive).flatMap((i) => i.tasks().active).sort();
  return JSON.stringify(active) === JSON.stringify(expected);
}
