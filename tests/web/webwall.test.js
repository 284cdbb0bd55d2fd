// The web wall in a real browser: Debian's Chromium, headless, driven by playwright-core, against
// a real FarmCam sharing server with made-up printers (farmcam-webwall-server).
//
//   node webwall.test.js --server PATH [--chromium PATH] [--screenshots DIR]
//
// Every wait is on a state, bounded; a failure says what was expected and what the page showed.
// --screenshots DIR takes the README's pictures instead of testing.
'use strict';

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const serverPath = option('--server');
const chromiumPath = option('--chromium', '/usr/bin/chromium');
const screenshotDir = option('--screenshots');
if (!serverPath) {
  console.error('usage: node webwall.test.js --server PATH [--chromium PATH] [--screenshots DIR]');
  process.exit(2);
}

// Generous: the suite runs on a loaded two-core machine and under sanitizers.
const WAIT_MS = 30000;

const startedAt = Date.now();
function step(text) {
  console.log(`--- ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${text}`);
}

// A farmcam-webwall-server process: its URL, its commands, its end.
class FarmServer {
  static async start(printers, fps = 1, extraArgs = []) {
    const server = new FarmServer();
    server.token = crypto.randomBytes(24).toString('base64url');
    server.process = spawn(serverPath, ['--printers', String(printers), '--fps', String(fps), ...extraArgs], {
      env: Object.assign({}, process.env, { FARMCAM_WEBWALL_TOKEN: server.token }),
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    server.replies = [];
    server.waiting = [];
    const lines = readline.createInterface({ input: server.process.stdout });
    const started = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the server printed no URL within 30 s')), WAIT_MS);
      server.process.once('exit', (code) => reject(new Error(`the server ended early (${code})`)));
      lines.on('line', (line) => {
        if (line.startsWith('url ')) {
          clearTimeout(timer);
          resolve(line.slice(4));
          return;
        }
        const waiter = server.waiting.shift();
        if (waiter) waiter(line);
        else server.replies.push(line);
      });
    });
    server.url = await started;
    return server;
  }

  // Sends a command and waits for its answer.
  command(line) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to "${line}"`)), WAIT_MS);
      this.waiting.push((reply) => {
        clearTimeout(timer);
        if (reply.startsWith('ok')) resolve(reply);
        else reject(new Error(`"${line}": ${reply}`));
      });
      this.process.stdin.write(`${line}\n`);
    });
  }

  async api(route, headers = {}) {
    return fetch(new URL(route, this.url), { headers: Object.assign({ Authorization: `Bearer ${this.token}` }, headers) });
  }

  async stop() {
    step('the server stops');
    if (this.process.exitCode !== null) return;
    const ended = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.stdin.end(); // it quits when its input ends
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 10000);
    await ended;
    clearTimeout(timer);
  }
}

// Console errors and uncaught exceptions of a page; `expected` ones may be allowed for a step.
function watchConsole(page, label) {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      errors.push(`${label}: console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`${label}: uncaught: ${error.message}`));
  return errors;
}

async function launch() {
  const launchArgs = [];
  // Chromium's sandbox refuses to run as root (CI runs as root); nothing else changes.
  if (typeof process.getuid === 'function' && process.getuid() === 0) launchArgs.push('--no-sandbox');
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: launchArgs });
}

async function tileTexts(page) {
  return page.$$eval('a.tile', (tiles) => tiles.map((tile) => ({
    id: tile.dataset.id,
    name: tile.querySelector('.name').textContent,
    headline: tile.querySelector('.overlay .status .headline').textContent,
    tone: tile.dataset.tone,
    print: tile.querySelector('.overlay .print').textContent.replace(/\s+/g, ' ').trim(),
    attention: tile.hasAttribute('data-attention'),
    width: tile.querySelector('.picture img').naturalWidth,
    pictures: Number(tile.dataset.pictures || 0),
    label: tile.getAttribute('aria-label'),
  })));
}

async function waitFor(page, description, predicate, arg) {
  try {
    await page.waitForFunction(predicate, arg, { timeout: WAIT_MS, polling: 100 });
  } catch (error) {
    const tiles = await tileTexts(page).catch(() => []);
    throw new Error(`${description}: not within ${WAIT_MS / 1000} s. Tiles: ${JSON.stringify(tiles, null, 1)}\n${error.message}`);
  }
}

const allPicturesShown = (count) => {
  const images = [...document.querySelectorAll('a.tile .picture img')];
  return images.length === count && images.every((image) => image.naturalWidth > 0);
};

// ---------------------------------------------------------------------------------------------

async function testWall(browser) {
  const server = await FarmServer.start(4, 1);
  const consoleErrors = [];
  try {
    step(`server with 4 printers at ${server.url}`);
    const printers = await (await server.api('api/printers')).json();
    assert.equal(printers.length, 4);

    step('the page itself needs no token, and the API does');
    const page401 = await fetch(new URL('api/printers', server.url));
    assert.equal(page401.status, 401);
    assert.match(page401.headers.get('WWW-Authenticate') || '', /^Basic/, 'a plain client is challenged with Basic');
    const bearer401 = await fetch(new URL('api/printers', server.url), { headers: { Authorization: 'Bearer wrong' } });
    assert.equal(bearer401.status, 401);
    assert.match(bearer401.headers.get('WWW-Authenticate') || '', /^Bearer/, 'the page is not challenged with Basic (a browser dialog)');
    const index = await fetch(server.url);
    assert.equal(index.status, 200);
    const policy = index.headers.get('Content-Security-Policy') || '';
    assert.match(policy, /script-src 'self'/, 'the page is served with its Content-Security-Policy');

    step('snapshots carry an ETag, and an unchanged one answers 304');
    let notModified = false;
    for (let attempt = 0; attempt < 10 && !notModified; ++attempt) {
      const first = await server.api(printers[0].snapshot.slice(1));
      assert.equal(first.status, 200);
      await first.arrayBuffer();
      const tag = first.headers.get('ETag');
      assert.ok(tag, 'a snapshot has an ETag');
      const again = await server.api(printers[0].snapshot.slice(1), { 'If-None-Match': tag });
      await again.arrayBuffer();
      notModified = again.status === 304; // else a new frame came in between: again
    }
    assert.ok(notModified, 'If-None-Match with the current ETag gets 304');

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = watchConsole(page, 'wall');
    let snapshotsInFlight = 0;
    let maxSnapshotsInFlight = 0;
    const snapshotStatuses = {};
    page.on('request', (request) => {
      if (request.url().includes('/snapshot.jpg')) maxSnapshotsInFlight = Math.max(maxSnapshotsInFlight, ++snapshotsInFlight);
    });
    const finished = (request) => {
      if (request.url().includes('/snapshot.jpg')) --snapshotsInFlight;
    };
    page.on('requestfinished', finished);
    page.on('requestfailed', finished);
    page.on('response', (response) => {
      if (response.url().includes('/snapshot.jpg')) snapshotStatuses[response.status()] = (snapshotStatuses[response.status()] || 0) + 1;
    });

    step('login with the token');
    await page.goto(server.url);
    await page.waitForSelector('#login:not([hidden])', { timeout: WAIT_MS });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'token', 'the token field has the focus');
    await page.fill('#token', server.token);
    await page.click('#login-button');

    step('every printer has its tile, with its name and state');
    await waitFor(page, 'four tiles', () => document.querySelectorAll('a.tile').length === 4);
    await waitFor(page, 'every tile live', () => [...document.querySelectorAll('a.tile')].every((tile) => tile.dataset.tone === 'live'));
    let tiles = await tileTexts(page);
    assert.deepEqual(tiles.map((tile) => tile.name), printers.map((printer) => printer.name), 'the farm\'s names, in its order');
    for (const tile of tiles) assert.match(tile.headline, /^Live/, `${tile.name} says it is live`);
    assert.match(tiles[0].print, /Printing gearbox_housing\.3mf 22%/, 'a print in progress: badge, job, percent');
    assert.match(tiles[0].print, /left/, 'and its time left');
    assert.match(tiles[0].print, /Layer 95 \/ 420/, 'and its layer');
    assert.match(tiles[1].print, /Finished benchy\.3mf 100%/);
    assert.equal(tiles[3].print, '', 'an idle printer shows no print');
    assert.match(tiles[0].label, /Printing “gearbox_housing\.3mf”, 22%/, 'the tile is described for screen readers');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('farmcam.token') !== null), true, 'the token is kept for this tab');
    assert.equal(await page.evaluate(() => localStorage.getItem('farmcam.token')), null, 'and not on the device, as not asked');

    step('pictures load and update');
    await waitFor(page, 'every tile shows a picture', allPicturesShown, 4);
    tiles = await tileTexts(page);
    for (const tile of tiles) assert.ok(tile.width > 0, `${tile.name} shows a picture`);
    const before = tiles.map((tile) => tile.pictures);
    await waitFor(page, 'every tile shows a newer picture', (counts) =>
      [...document.querySelectorAll('a.tile')].every((tile, i) => Number(tile.dataset.pictures || 0) > counts[i]), before);

    step('a status change pushed by the server shows without a reload');
    await page.evaluate(() => { window.farmcamTestMarker = 'same page'; });
    await server.command('report 3 {"print":{"gcode_state":"FAILED","subtask_name":"bracket.3mf","mc_percent":31,"layer_num":12,"total_layer_num":90}}');
    await waitFor(page, 'the failed print on tile 4', () => {
      const tile = document.querySelectorAll('a.tile')[3];
      return tile.querySelector('.badge') && tile.querySelector('.badge').textContent === 'Failed' && tile.hasAttribute('data-attention');
    });
    tiles = await tileTexts(page);
    assert.match(tiles[3].print, /Failed bracket\.3mf 31%/);
    assert.match(await page.textContent('#summary'), /1 needs attention/);
    assert.equal(await page.evaluate(() => window.farmcamTestMarker), 'same page', 'no reload');
    await server.command('report 0 {"print":{"mc_percent":23,"layer_num":96}}');
    await waitFor(page, 'the percent moved on tile 1', () =>
      document.querySelector('a.tile .percent').textContent === '23%');

    step('a camera that goes offline says so, and comes back');
    await server.command('offline 1');
    await waitFor(page, 'tile 2 not live', () => document.querySelectorAll('a.tile')[1].dataset.tone !== 'live');
    await waitFor(page, 'tile 2 says the camera is offline', () =>
      /Camera offline|Connecting|No new picture/.test(document.querySelectorAll('a.tile')[1].querySelector('.overlay .headline').textContent));
    await server.command('online 1');
    await waitFor(page, 'tile 2 live again', () => document.querySelectorAll('a.tile')[1].dataset.tone === 'live');

    step('click: the printer large, with its MJPEG stream');
    await page.click('a.tile >> nth=0');
    await page.waitForSelector('#single:not([hidden])', { timeout: WAIT_MS });
    assert.equal(await page.textContent('#single-name'), printers[0].name);
    await waitFor(page, 'the stream shows', () => document.getElementById('single-stream').naturalWidth > 0);
    const streamSource = await page.getAttribute('#single-stream', 'src');
    assert.match(streamSource, /\/stream\.mjpg\?token=/);
    assert.match(page.url(), /#\/printer\//);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'back', 'the back button has the focus');

    step('Escape: back to the grid, the stream closed');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#single[hidden]', { state: 'attached', timeout: WAIT_MS });
    assert.equal(await page.getAttribute('#single-stream', 'src'), null, 'the stream is closed');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.id), printers[0].id, 'focus back on the tile');

    step('keyboard: Enter on a tile opens it, the browser\'s back returns');
    await page.focus('a.tile >> nth=2');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#single:not([hidden])', { timeout: WAIT_MS });
    assert.equal(await page.textContent('#single-name'), printers[2].name);
    await page.goBack();
    await page.waitForSelector('#single[hidden]', { state: 'attached', timeout: WAIT_MS });

    step('the event stream reconnects by itself when the server was away');
    const errorsBeforeRestart = errors.length;
    await server.command('restart');
    await waitFor(page, 'the wall says the server is away, then that it is back', () => {
      window.farmcamSawBanner = window.farmcamSawBanner || !document.getElementById('banner').hidden;
      return window.farmcamSawBanner && document.getElementById('banner').hidden;
    });
    await server.command('report 2 {"print":{"gcode_state":"PAUSE","print_error":50348044}}');
    await waitFor(page, 'a change after the restart arrives', () =>
      document.querySelectorAll('a.tile')[2].querySelector('.badge').textContent === 'Paused: error');
    const countAfterRestart = await page.evaluate(() => Number(document.querySelector('a.tile').dataset.pictures));
    await waitFor(page, 'pictures update after the restart', (count) =>
      Number(document.querySelector('a.tile').dataset.pictures) > count, countAfterRestart);
    // The browser reports the broken connections of a server that went away (the event stream
    // cut off, refused reconnects): those, and only those, are expected while it was away.
    const duringRestart = errors.splice(errorsBeforeRestart);
    errors.push(...duringRestart.filter((error) => !/Failed to load resource: net::ERR_/.test(error)));

    step('a /?token= link opens the wall and the token leaves the address bar');
    const linkContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const linkPage = await linkContext.newPage();
    const linkErrors = watchConsole(linkPage, 'link');
    await linkPage.goto(`${server.url}?token=${encodeURIComponent(server.token)}`);
    await waitFor(linkPage, 'four tiles from the link', () => document.querySelectorAll('a.tile').length === 4);
    assert.ok(!linkPage.url().includes('token'), `the address bar shows no token: ${linkPage.url()}`);
    await linkPage.reload();
    await waitFor(linkPage, 'four tiles after a reload (the tab kept the token)', () => document.querySelectorAll('a.tile').length === 4);
    await linkPage.click('#sign-out');
    await linkPage.waitForSelector('#login:not([hidden])', { timeout: WAIT_MS });
    assert.equal(await linkPage.evaluate(() => sessionStorage.getItem('farmcam.token')), null, 'signed out: the token is gone');
    await linkContext.close();

    step('a wrong token: the login form, with an error');
    const wrongContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const wrongPage = await wrongContext.newPage();
    const wrongErrors = watchConsole(wrongPage, 'wrong token');
    await wrongPage.goto(`${server.url}?token=not-the-token`);
    await wrongPage.waitForSelector('#login:not([hidden])', { timeout: WAIT_MS });
    await waitFor(wrongPage, 'the error under the field', () => /not accepted/.test(document.getElementById('login-error').textContent));
    await wrongPage.fill('#token', 'still-wrong');
    await wrongPage.click('#login-button');
    await waitFor(wrongPage, 'the error again for the typed token', () =>
      /not accepted/.test(document.getElementById('login-error').textContent) && !document.getElementById('login-button').disabled);
    assert.equal(await wrongPage.evaluate(() => document.querySelectorAll('a.tile').length), 0, 'no printer shown');
    await wrongContext.close();
    // The browser reports each refused request in the console: those, and only those, are expected.
    const unexpected = wrongErrors.filter((error) => !/status of 401/.test(error));
    consoleErrors.push(...unexpected);

    step(`snapshot requests: at most ${maxSnapshotsInFlight} in flight; answers ${JSON.stringify(snapshotStatuses)}`);
    assert.ok(maxSnapshotsInFlight <= 4, `at most 4 snapshot fetches in flight (saw ${maxSnapshotsInFlight})`);
    consoleErrors.push(...errors, ...linkErrors);
    await context.close();
  } finally {
    await server.stop();
  }
  return consoleErrors;
}

async function testSixtyFour(browser) {
  const server = await FarmServer.start(64, 1);
  try {
    step('64 printers in one tab at 1920x1080');
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const errors = watchConsole(page, '64 printers');
    let inFlight = 0;
    let maxInFlight = 0;
    page.on('request', (request) => {
      if (request.url().includes('/snapshot.jpg')) maxInFlight = Math.max(maxInFlight, ++inFlight);
    });
    const done = (request) => {
      if (request.url().includes('/snapshot.jpg')) --inFlight;
    };
    // Counted free when its answer arrives: Playwright reports `requestfinished` after the page
    // has already read the body, freed its slot and started the next fetch, so under a slow
    // (sanitizer) server it saw a fifth request that the page never had in flight.
    page.on('response', done);
    page.on('requestfailed', done);
    const started = Date.now();
    await page.goto(`${server.url}?token=${encodeURIComponent(server.token)}`);
    await waitFor(page, '64 tiles', () => document.querySelectorAll('a.tile').length === 64);
    await waitFor(page, 'all 64 tiles show a picture', allPicturesShown, 64);
    const allShownMs = Date.now() - started;
    const visible = await page.evaluate(() => {
      const tiles = [...document.querySelectorAll('a.tile')];
      return tiles.filter((tile) => tile.getBoundingClientRect().bottom <= window.innerHeight).length;
    });
    const counts = await page.$$eval('a.tile', (tiles) => tiles.map((tile) => Number(tile.dataset.pictures || 0)));
    await waitFor(page, 'all 64 pictures update', (before) =>
      [...document.querySelectorAll('a.tile')].every((tile, i) => Number(tile.dataset.pictures || 0) > before[i]), counts);
    const updatedMs = Date.now() - started;
    step(`64 printers: every picture shown after ${allShownMs} ms, every one updated after ${updatedMs} ms; ` +
      `${visible} of 64 tiles on screen without scrolling; at most ${maxInFlight} snapshot fetches in flight`);
    assert.equal(visible, 64, 'all 64 tiles fit a 1920x1080 screen');
    assert.ok(maxInFlight <= 4, `at most 4 snapshot fetches in flight (saw ${maxInFlight})`);
    await context.close();
    return errors;
  } finally {
    await server.stop();
  }
}

// The Recordings view: a real recordings folder (MP4s from the project's own writer), listed per
// printer, newest first, each downloadable with the right bytes; and the empty state.
async function testRecordings(browser) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'farmcam-webwall-recordings-'));
  const server = await FarmServer.start(3, 1, ['--recordings', folder, '--sample-recordings']);
  const errors = [];
  try {
    step('the recordings list needs the token');
    assert.equal((await fetch(new URL('api/recordings', server.url))).status, 401);
    // The server reads file headers for a bounded time per request and the rest in the background
    // (a loaded machine may not read six in time): the lengths are all there after a few lists.
    let list = [];
    const deadline = Date.now() + WAIT_MS;
    do {
      list = await (await server.api('api/recordings')).json();
      if (list.every((entry) => entry.durationMs !== null)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    } while (Date.now() < deadline);
    assert.equal(list.length, 6, 'the six sample videos');
    assert.ok(list.every((entry) => entry.durationMs > 0), 'every length read');
    const printers = await (await server.api('api/printers')).json();

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const page = await context.newPage();
    errors.push(...watchConsole(page, 'recordings'));
    await page.goto(`${server.url}?token=${encodeURIComponent(server.token)}`);
    await waitFor(page, 'three tiles', () => document.querySelectorAll('a.tile').length === 3);

    step('the Recordings button opens the view, keyboard first');
    await page.focus('#recordings-button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#recordings:not([hidden])', { timeout: WAIT_MS });
    assert.match(page.url(), /#\/recordings$/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'recordings-back', 'the back button has the focus');
    await waitFor(page, 'six recordings listed', () => document.querySelectorAll('#recordings-list .recording').length === 6);
    const groups = await page.$$eval('.recording-group', (sections) => sections.map((section) => ({
      name: section.querySelector('h3').firstChild.textContent,
      kinds: [...section.querySelectorAll('.recording-kind')].map((kind) => kind.textContent),
      labels: [...section.querySelectorAll('.recording-label')].map((label) => (label.hidden ? '' : label.textContent)),
      lengths: [...section.querySelectorAll('.length')].map((length) => length.textContent),
    })));
    assert.deepEqual(groups.map((group) => group.name), printers.map((printer) => printer.name), 'per printer, in the farm\'s order');
    assert.deepEqual(groups[0].kinds, ['Timelapse', 'Timelapse', 'Recording'], 'newest first');
    assert.deepEqual(groups[1].kinds, ['Failure clip', 'Timelapse']);
    assert.deepEqual(groups[0].labels, ['gearbox-housing', 'benchy', ''], 'a timelapse is named after its job');
    for (const group of groups) for (const length of group.lengths) assert.match(length, /^\d+:\d\d$/, 'a length for every video');
    assert.match(await page.textContent('#recordings-status'), /^6 videos · /);
    await waitFor(page, 'the five thumbnails', () =>
      [...document.querySelectorAll('.recording-picture img')].filter((img) => img.naturalWidth > 0).length === 5);
    const hrefs = await page.$$eval('a.download', (links) => links.map((link) => link.getAttribute('href')));
    for (const href of hrefs) assert.ok(!href.includes('token'), `no token in the page: ${href}`);

    step('Download gives the file\'s bytes');
    const first = list.find((entry) => entry.printer === printers[1].name && entry.kind === 'failure');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: WAIT_MS }),
      page.click('.recording-group >> nth=1 >> a.download >> nth=0'),
    ]);
    assert.equal(download.suggestedFilename(), first.file);
    const downloaded = fs.readFileSync(await download.path());
    const original = fs.readFileSync(path.join(folder, first.folder, first.file));
    assert.ok(original.length > 1000);
    assert.ok(downloaded.equals(original), `the downloaded ${downloaded.length} bytes are the file's ${original.length}`);
    assert.equal(await page.$$eval('a[download]', (links) => links.filter((link) => link.href.includes('token')).length), 0,
      'the link with the token is gone again');

    step('Escape returns to the wall');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#recordings[hidden]', { state: 'attached', timeout: WAIT_MS });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'recordings-button', 'focus back on the button');
    const picturesBack = await page.evaluate(() => Number(document.querySelector('a.tile').dataset.pictures || 0));
    await waitFor(page, 'the pictures update again', (count) =>
      Number(document.querySelector('a.tile').dataset.pictures || 0) > count, picturesBack);

    step('the browser\'s back returns too, and a new file shows when the view opens again');
    fs.copyFileSync(path.join(folder, first.folder, first.file),
      path.join(folder, first.folder, 'failure_2030-01-01_00-00-00.mp4'));
    await page.click('#recordings-button');
    await waitFor(page, 'seven recordings', () => document.querySelectorAll('#recordings-list .recording').length === 7);
    await page.goBack();
    await page.waitForSelector('#recordings[hidden]', { state: 'attached', timeout: WAIT_MS });
    await context.close();
  } finally {
    await server.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  }

  const empty = await FarmServer.start(1, 1);
  try {
    step('no recordings: the view says so');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    errors.push(...watchConsole(page, 'no recordings'));
    await page.goto(`${empty.url}?token=${encodeURIComponent(empty.token)}#/recordings`);
    await page.waitForSelector('#recordings-empty:not([hidden])', { timeout: WAIT_MS });
    assert.match(await page.textContent('#recordings-empty'), /No timelapses, failure clips or recordings yet/);
    assert.equal(await page.$$eval('.recording', (items) => items.length), 0);
    await context.close();
  } finally {
    await empty.stop();
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------

async function takeScreenshots(browser, directory) {
  fs.mkdirSync(directory, { recursive: true });
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'farmcam-webwall-recordings-'));
  const recordings = await FarmServer.start(3, 2, ['--recordings', folder, '--sample-recordings']);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${recordings.url}?token=${encodeURIComponent(recordings.token)}#/recordings`);
    await waitFor(page, 'the recordings with their thumbnails', () =>
      document.querySelectorAll('.recording').length === 6
      && [...document.querySelectorAll('.recording-picture img')].filter((img) => img.naturalWidth > 0).length === 5
      && [...document.querySelectorAll('.recording .length')].every((length) => !length.hidden));
    await page.evaluate(() => document.activeElement.blur()); // no focus ring in the picture
    const file = path.join(directory, 'web-wall-recordings.png');
    await page.screenshot({ path: file });
    console.log(file);
    await context.close();
  } finally {
    await recordings.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
  for (const count of [4, 24]) {
    const server = await FarmServer.start(count, 2);
    try {
      // One camera offline and one failed print, so that every look is in the picture.
      await server.command('offline 3');
      await server.command('report 2 {"print":{"gcode_state":"FAILED","subtask_name":"cable_clips_x12.3mf","mc_percent":62,"layer_num":94,"total_layer_num":150,"print_error":50348044}}');
      for (const [width, height, name] of [[1280, 800, 'desktop'], [1920, 1080, 'full-hd'], [390, 844, 'phone']]) {
        const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: name === 'phone' ? 2 : 1 });
        const page = await context.newPage();
        await page.goto(`${server.url}?token=${encodeURIComponent(server.token)}`);
        await waitFor(page, 'tiles', (n) => document.querySelectorAll('a.tile').length === n, count);
        await waitFor(page, 'pictures of the live cameras on screen', () =>
          [...document.querySelectorAll('a.tile')].every((tile) => tile.dataset.tone !== 'live'
            || tile.getBoundingClientRect().top > window.innerHeight || tile.querySelector('img').naturalWidth > 0));
        await page.waitForTimeout(1500); // let the offline camera's state settle for the picture
        const file = path.join(directory, `wall-${count}-${name}.png`);
        await page.screenshot({ path: file });
        console.log(file);
        if (count === 4 && name !== 'phone') {
          await page.click('a.tile >> nth=0');
          await waitFor(page, 'the stream', () => document.getElementById('single-stream').naturalWidth > 0);
          const single = path.join(directory, `single-${name}.png`);
          await page.screenshot({ path: single });
          console.log(single);
        }
        if (count === 4 && name === 'desktop') {
          const login = await browser.newPage({ viewport: { width, height } });
          await login.goto(server.url);
          await login.waitForSelector('#login:not([hidden])');
          await login.screenshot({ path: path.join(directory, 'login.png') });
          await login.close();
        }
        await context.close();
      }
    } finally {
      await server.stop();
    }
  }
}

async function main() {
  const browser = await launch();
  try {
    if (screenshotDir) {
      await takeScreenshots(browser, screenshotDir);
      return;
    }
    const errors = [];
    errors.push(...await testWall(browser));
    errors.push(...await testSixtyFour(browser));
    errors.push(...await testRecordings(browser));
    step('no console errors');
    assert.deepEqual(errors, [], `console errors:\n${errors.join('\n')}`);
    console.log('PASS: the web wall');
  } finally {
    await browser.close();
    step('browser closed');
  }
}

main().catch((error) => {
  console.error(`FAIL: ${error.stack || error}`);
  process.exit(1);
});
