// A fixed CPU workload (float arithmetic over 8 MB, then 3M short-lived objects) timed on the main thread:
// how fast this host runs right now. On a shared VM the same work takes 135-240 ms from one minute to the
// next, so benchmark figures are only comparable with this printed next to them.
// Run alone: npx tsx bench/host-speed.ts
export function hostSpeedMs(): number {
  const t0 = performance.now();
  const a = new Float64Array(1 << 20);
  let x = 0;
  for (let r = 0; r < 40; r++) {
    for (let i = 0; i < a.length; i++) {
      a[i] = a[i]! * 1.0001 + i;
      x += a[i]! | 0;
    }
  }
  const objects: Array<{ a: number; b: string }> = [];
  for (let i = 0; i < 3e6; i++) {
    objects.push({ a: i, b: 'x' + (i & 1023) });
    if (objects.length > 10_000) objects.length = 0;
  }
  if (x === 0.5) console.log(x); // keeps the loop from being optimized away
  return performance.now() - t0;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(`host speed: ${hostSpeedMs().toFixed(0)} ms (lower is faster)`);
