/**
 * One way to start Chromium for the browser tests: Debian's `/usr/bin/chromium` when it is
 * installed, else the Chromium that the npm package `@sparticuz/chromium` ships inside the package
 * (no download at test time). `CHROMIUM_PATH` overrides both.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const COMMON_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export const launchBrowser = async (): Promise<Browser> => {
  const override = process.env.CHROMIUM_PATH;
  if (override || existsSync(SYSTEM_CHROMIUM)) {
    return chromium.launch({ executablePath: override ?? SYSTEM_CHROMIUM, args: COMMON_ARGS });
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  return chromium.launch({
    executablePath: await packaged.executablePath(),
    args: [...packaged.args.filter((arg) => arg !== '--single-process'), '--disable-background-networking'],
    headless: true,
  });
};
