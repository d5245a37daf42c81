// Prints where the run's time went (test time per spec file: what to make faster next), the
// fault suite's calls × faults table (tests titled "<call> × <fault>") with totals, then every
// failed test's first error line: CI keeps only the tail of what a run prints.
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';

export default class MatrixReporter implements Reporter {
  private cells = new Map<string, Map<string, boolean>>();
  private faults: string[] = [];
  private failures: string[] = [];
  /** Test time per spec file (ms, summed over workers) and its slowest test. */
  private time = new Map<string, { ms: number; tests: number; slowest: number }>();
  private started = Date.now();

  /** Rows and columns in the order the suite declares them. */
  onBegin(_config: FullConfig, suite: Suite) {
    for (const test of suite.allTests()) {
      const [call, fault] = this.cell(test);
      if (!fault) continue;
      if (!this.faults.includes(fault)) this.faults.push(fault);
      if (!this.cells.has(call)) this.cells.set(call, new Map());
    }
  }

  onTestEnd(test: TestCase, result: TestResult) {
    const [call, fault] = this.cell(test);
    if (fault) this.cells.get(call)?.set(fault, result.status === 'passed');
    const file = test.location.file.split('/').pop()!;
    const spent = this.time.get(file) ?? { ms: 0, tests: 0, slowest: 0 };
    this.time.set(file, { ms: spent.ms + result.duration, tests: spent.tests + 1, slowest: Math.max(spent.slowest, result.duration) });
    if (result.status !== 'passed' && result.status !== 'skipped') {
      const error = (result.error?.message ?? result.status).replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim()) ?? '';
      const where = result.error?.location ? ` (${result.error.location.file.split('/').pop()}:${result.error.location.line})` : '';
      this.failures.push(`${test.titlePath().slice(1).join(' › ')}: ${error.trim().slice(0, 300)}${where}, after ${Math.round(result.duration / 1000)} s`);
    }
  }

  private cell(test: TestCase): string[] {
    return test.location.file.endsWith('faults.spec.ts') ? test.title.split(' × ') : [];
  }

  onEnd() {
    this.printTime();
    this.printMatrix();
    if (this.failures.length) console.log(['Failed:', ...this.failures.map((f) => `  ${f}`), ''].join('\n'));
  }

  private printTime() {
    const files = [...this.time].sort((a, b) => b[1].ms - a[1].ms);
    if (!files.length) return;
    const minutes = (ms: number) => (ms / 60_000).toFixed(1).padStart(6);
    const total = files.reduce((sum, [, t]) => sum + t.ms, 0);
    const lines = ['', `Test time per spec file (worker-minutes; ${minutes(total).trim()} in all, ${minutes(Date.now() - this.started).trim()} of wall time):`];
    for (const [file, t] of files) lines.push(`  ${file.padEnd(30)}${minutes(t.ms)}  ${String(t.tests).padStart(4)} tests, slowest ${(t.slowest / 1000).toFixed(0)} s`);
    console.log(lines.join('\n'));
  }

  private printMatrix() {
    if ([...this.cells.values()].every((row) => row.size === 0)) return;
    const width = Math.max(...[...this.cells.keys()].map((c) => c.length)) + 2;
    const short = this.faults.map((f) => f.split(' ')[0].slice(0, 9).padEnd(10));
    const lines = ['', 'Fault suite: calls × faults (✓ passed, ✗ failed, · not run)', ''.padEnd(width) + short.join('') + 'passed'];
    let passed = 0;
    let total = 0;
    for (const [call, row] of this.cells) {
      const marks = this.faults.map((f) => (row.has(f) ? (row.get(f) ? '✓' : '✗') : '·').padEnd(10));
      const ok = [...row.values()].filter(Boolean).length;
      passed += ok;
      total += row.size;
      lines.push(call.padEnd(width) + marks.join('') + `${ok}/${row.size}`);
    }
    const perFault = this.faults.map((f) => {
      const column = [...this.cells.values()].filter((row) => row.has(f));
      return `${column.filter((row) => row.get(f)).length}/${column.length}`.padEnd(10);
    });
    lines.push('passed'.padEnd(width) + perFault.join('') + `${passed}/${total}`);
    lines.push(`Columns: ${this.faults.join(' | ')}`, '');
    console.log(lines.join('\n'));
  }
}
