// Which screen states a page shows. Every screen marks its states with `data-state` inside
// <main data-screen=…>; a page's states are `screen` plus `screen/state` for each marker seen.
// The flow suites record every state they reach (through the fixture in app.ts), the gallery
// suite records what each gallery entry shows, and gallery-coverage.spec.ts fails on any state
// the flows reached that the gallery lacks.
import { BrowserContext } from '@playwright/test';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';

export const STATES_DIR = '../../artifacts/states';

/** Runs in the page: reports each state the first time it shows. */
function watchStates() {
  const seen = new Set<string>();
  const scan = () => {
    const main = document.querySelector('main[data-screen]');
    if (!main) return;
    const screen = main.getAttribute('data-screen')!;
    const states = [screen, ...[...main.querySelectorAll('[data-state]')].map((el) => `${screen}/${el.getAttribute('data-state')}`)];
    for (const state of states) {
      if (!seen.has(state)) {
        seen.add(state);
        (window as unknown as { __reachedState: (s: string) => void }).__reachedState(state);
      }
    }
  };
  const start = () => {
    new MutationObserver(scan).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-screen'] });
    scan();
  };
  if (document.documentElement) start();
  else document.addEventListener('DOMContentLoaded', start);
}

/** Records every state pages in `context` reach into `into`. */
export async function recordStates(context: BrowserContext, into: Set<string>) {
  await context.exposeBinding('__reachedState', (_source, state: string) => { into.add(state); });
  await context.addInitScript(watchStates);
}

/** Adds `states` to the run's file of `kind` ('reached' by the flows, 'gallery' shown). */
export function saveStates(kind: 'reached' | 'gallery', states: Iterable<string>) {
  const lines = [...states].map((s) => `${s}\n`).join('');
  if (lines) appendFileSync(`${STATES_DIR}/${kind}-${process.pid}.txt`, lines);
}

export function loadStates(kind: 'reached' | 'gallery'): Set<string> {
  const files = readdirSync(STATES_DIR).filter((f) => f.startsWith(`${kind}-`));
  return new Set(files.flatMap((f) => readFileSync(`${STATES_DIR}/${f}`, 'utf8').split('\n').filter(Boolean)));
}
