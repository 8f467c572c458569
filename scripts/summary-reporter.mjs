// node:test reporter that prints one closing line: "tests: N passed, N failed, N skipped".
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    // count leaf tests only (suites report details.type === 'suite')
    if (event.data.details?.type === 'suite') continue;
    if (event.type === 'test:pass') {
      if (event.data.skip || event.data.todo) skipped++;
      else passed++;
    } else {
      failed++;
      failures.push(`${event.data.file ?? ''} :: ${event.data.name}`);
    }
  }
  if (failures.length) yield `\nfailed tests:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`;
  yield `\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}
