// The FarmCam web wall: every printer of the farm in one tab, live.
//
// Browsers open about six connections per host, so 64 printers cannot each hold an MJPEG stream.
// The wall holds ONE event stream (/api/events: a printer's state, liveness and print status when
// they change) and asks for pictures with snapshot fetches, a few at a time, each tile at most once
// a second and only when its camera may have a new frame; the server answers 304 (ETag) while the
// picture is unchanged. One printer, large (the single view), gets its MJPEG stream.
//
// The token: typed into the login form or given as /?token=TOKEN (a bookmark on a wall display;
// it is taken out of the address bar at once). It is sent as `Authorization: Bearer` with every
// fetch, and as ?token= only where a header cannot be set: the event stream, the stream <img> and
// a recording's download (added to that one request when the link is clicked, never to the page).
'use strict';

(() => {
  const TOKEN_KEY = 'farmcam.token';
  // Fetches in flight at once for pictures: with the event stream and the single view's stream
  // that stays within the browser's six connections per host, so nothing of ours queues behind
  // them.
  const MAX_SNAPSHOTS_IN_FLIGHT = 4;
  // A tile asks for a picture at most this often...
  const MIN_SNAPSHOT_INTERVAL_MS = 1000;
  // ...and while its camera is not live (nothing new expected), only this often.
  const IDLE_SNAPSHOT_INTERVAL_MS = 10000;
  // Waiting for a camera's next frame: never longer than this (the fps estimate may be stale).
  const MAX_FRAME_WAIT_MS = 5000;
  const RECONNECT_MIN_MS = 1000;
  const RECONNECT_MAX_MS = 15000;
  const STREAM_RETRY_MS = 3000;
  // Thumbnails of the recordings view fetched at once.
  const MAX_THUMBNAILS_IN_FLIGHT = 4;

  const $ = (id) => document.getElementById(id);
  // Rendering runs every second for every tile: only what changed touches the page.
  const setText = (element, text) => {
    if (element.textContent !== text) element.textContent = text;
  };
  const ui = {
    bar: $('bar'), summary: $('summary'), signOut: $('sign-out'), banner: $('banner'),
    login: $('login'), loginForm: $('login-form'), token: $('token'), remember: $('remember'),
    loginError: $('login-error'), loginButton: $('login-button'),
    wall: $('wall'), grid: $('grid'), empty: $('empty'),
    single: $('single'), back: $('back'), singleName: $('single-name'),
    singleStatus: $('single-status'), singleStream: $('single-stream'),
    singleMessage: $('single-message'), singlePrint: $('single-print'),
    tileTemplate: $('tile-template'), printTemplate: $('print-template'),
    announcer: $('announcer'),
    recordingsButton: $('recordings-button'), recordings: $('recordings'),
    recordingsBack: $('recordings-back'), recordingsStatus: $('recordings-status'),
    recordingsList: $('recordings-list'), recordingsEmpty: $('recordings-empty'),
    recordingTemplate: $('recording-template'),
  };

  let token = null;
  const printers = new Map(); // id -> the server's JSON object, plus `receivedAt` (ms)
  const tiles = new Map(); // id -> Tile
  let events = null; // the EventSource
  let eventsOpenedOnce = false;
  let reconnectDelay = RECONNECT_MIN_MS;
  let reconnectTimer = 0;
  let unreachable = false;
  let snapshotsInFlight = 0;
  let pumpTimer = 0;
  let pumpAt = Infinity;
  let singleId = null;
  let streamRetryTimer = 0;
  let generation = 0; // bumped on sign-out: answers to an older session's requests are ignored
  let updates = 0; // counts what the page learnt about printers, to tell older news from newer
  let recordingsOpen = false;
  let recordingsLoad = 0; // bumped per load: thumbnails of an older one are dropped
  let thumbnailUrls = []; // object URLs of the recordings view's thumbnails

  // ---------------------------------------------------------------------------------------------
  // Words (the desktop app's: ui/tilestatus.cpp, ui/printstatustext.cpp)

  function formatDuration(ms) {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds < 120) return `${seconds} s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 120) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    if (hours < 48) return `${hours} h`;
    return `${Math.floor(hours / 24)} days`;
  }

  function remainingText(minutes) {
    if (minutes < 0) return '';
    if (minutes === 0) return '< 1 min';
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }

  const PRINT_STATES = {
    IDLE: { label: 'Idle', color: 'var(--off)', job: false },
    PREPARE: { label: 'Preparing', color: 'var(--busy)', job: true },
    RUNNING: { label: 'Printing', color: 'var(--busy)', job: true },
    PAUSE: { label: 'Paused', color: 'var(--warning)', job: true },
    FINISH: { label: 'Finished', color: 'var(--live)', job: true },
    FAILED: { label: 'Failed', color: 'var(--error)', job: true },
  };

  function printState(print) {
    const known = print && PRINT_STATES[print.gcodeState];
    if (!known) return null;
    if (print.gcodeState === 'PAUSE' && print.pausedForError)
      return { label: 'Paused: error', color: 'var(--error)', job: true };
    return known;
  }

  function needsAttention(print) {
    return !!print && (print.gcodeState === 'FAILED' || (print.gcodeState === 'PAUSE' && print.pausedForError));
  }

  // The time left now: counts down while printing from when the server told it (it reports whole
  // minutes, and only when they change); frozen in any other state.
  function remainingMinutesNow(printer, now) {
    const print = printer.print;
    if (!print || print.remainingMinutes === null || print.remainingMinutes === undefined) return -1;
    if (print.gcodeState === 'PREPARE' || print.gcodeState === 'PAUSE') return print.remainingMinutes;
    if (print.gcodeState !== 'RUNNING') return -1;
    const seconds = print.remainingMinutes * 60 - Math.max(0, (now - printer.receivedAt) / 1000);
    return seconds < 60 ? 0 : Math.ceil(seconds / 60);
  }

  const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short' });

  function finishText(finish, now) {
    const startOfDay = (date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
    const days = Math.round((startOfDay(finish) - startOfDay(now)) / 86400000);
    const time = timeFormat.format(finish);
    if (days <= 0) return `ready at ${time}`;
    if (days === 1) return `ready tomorrow at ${time}`;
    return `ready ${dayFormat.format(finish)} at ${time}`;
  }

  function timingText(printer, now) {
    const minutes = remainingMinutesNow(printer, now);
    if (minutes < 0) return '';
    const left = `${remainingText(minutes)} left`;
    const state = printer.print.gcodeState;
    if (state !== 'RUNNING' && state !== 'PREPARE') return left;
    return `${finishText(new Date(now + minutes * 60000), new Date(now))} · ${left}`;
  }

  function layerText(print) {
    if (print.layer === null || print.layer === undefined || print.layer < 0) return '';
    return print.totalLayers > 0 ? `Layer ${print.layer} / ${print.totalLayers}` : `Layer ${print.layer}`;
  }

  function pictureAgeMs(printer, now) {
    if (printer.frameAt === undefined) return -1;
    return Math.max(0, now - printer.frameAt);
  }

  // The camera in words and a tone, as a desktop tile says it (TileStatus::describe).
  function cameraStatus(printer, now) {
    const ageMs = pictureAgeMs(printer, now);
    const hasPicture = ageMs >= 0;
    const age = hasPicture ? `Last picture ${formatDuration(ageMs)} ago` : '';
    switch (printer.state) {
    case 'up':
      if (printer.live) {
        const fps = Number(printer.fps) > 0 ? ` · ${Number(printer.fps).toFixed(1)} fps` : '';
        return { tone: 'live', headline: `Live${fps}`, age: '' };
      }
      return { tone: 'warning', headline: hasPicture ? `No new picture · ${age}` : 'Waiting for a picture…',
        age, message: hasPicture ? '' : 'Waiting for a picture…' };
    case 'connecting':
      return { tone: 'busy', headline: 'Connecting…', age, message: 'Connecting…' };
    case 'handshaking':
      return { tone: 'busy', headline: 'Securing the connection…', age, message: 'Securing the connection…' };
    case 'authenticating':
      return { tone: 'busy', headline: 'Logging in…', age, message: 'Logging in…' };
    case 'backoff':
      return { tone: 'error', headline: 'Camera offline', detail: printer.stateText || '', age,
        message: 'Camera offline' };
    default:
      return { tone: 'off', headline: 'Stopped', detail: printer.stateText || '', age, message: 'Stopped' };
    }
  }

  function describeForScreenReaders(printer, now) {
    const parts = [printer.name, cameraStatus(printer, now).headline];
    const state = printState(printer.print);
    if (state && state.job) {
      let text = state.label;
      if (printer.print.jobName) text += ` “${printer.print.jobName}”`;
      if (printer.print.percent !== null && printer.print.percent !== undefined) text += `, ${printer.print.percent}%`;
      const timing = timingText(printer, now);
      if (timing) text += `, ${timing}`;
      const layer = layerText(printer.print);
      if (layer) text += `, ${layer.toLowerCase()}`;
      parts.push(text);
    }
    return parts.join('. ');
  }

  // ---------------------------------------------------------------------------------------------
  // Requests

  class AuthError extends Error {}

  function relative(path) {
    // Relative to the page: the wall also works behind a reverse proxy under a sub-path.
    return path.replace(/^\/+/, '');
  }

  function withToken(path) {
    return `${relative(path)}?token=${encodeURIComponent(token)}`;
  }

  async function api(path, options = {}) {
    const headers = Object.assign({ Authorization: `Bearer ${token}` }, options.headers || {});
    const response = await fetch(relative(path), { cache: 'no-store', headers, signal: options.signal });
    if (response.status === 401) throw new AuthError('The token was not accepted.');
    if (response.status === 429) {
      const wait = Number(response.headers.get('Retry-After')) || 60;
      throw new AuthError(`Too many wrong tokens from this device: try again in ${formatDuration(wait * 1000)}.`);
    }
    return response;
  }

  // ---------------------------------------------------------------------------------------------
  // Token and views

  function takeTokenFromAddress() {
    const url = new URL(window.location.href);
    const given = url.searchParams.get('token');
    if (given === null) return null;
    url.searchParams.delete('token');
    // Out of the address bar and the history at once: nobody reads it over a shoulder.
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return given.trim() || null;
  }

  function storedToken() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || localStorage.getItem(TOKEN_KEY);
    } catch {
      return null; // storage switched off: the token lives as long as the page
    }
  }

  function storeToken(value, remember) {
    try {
      sessionStorage.setItem(TOKEN_KEY, value);
      if (remember) localStorage.setItem(TOKEN_KEY, value);
      else localStorage.removeItem(TOKEN_KEY);
    } catch {
      // storage switched off: nothing to keep it in
    }
  }

  function forgetToken() {
    try {
      sessionStorage.removeItem(TOKEN_KEY);
      localStorage.removeItem(TOKEN_KEY);
    } catch {
      // nothing stored
    }
  }

  function rememberedOnDevice() {
    try {
      return localStorage.getItem(TOKEN_KEY) !== null;
    } catch {
      return false;
    }
  }

  function showLogin(message) {
    stopEverything();
    token = null;
    ui.bar.hidden = true;
    ui.wall.hidden = true;
    ui.single.hidden = true;
    closeRecordings(false);
    setBanner('');
    ui.login.hidden = false;
    ui.loginError.textContent = message || '';
    ui.token.setAttribute('aria-invalid', message ? 'true' : 'false');
    ui.loginButton.disabled = false;
    document.title = 'FarmCam';
    ui.token.focus();
  }

  function setBanner(text, isError) {
    const shownBefore = !ui.banner.hidden;
    ui.banner.textContent = text;
    ui.banner.classList.toggle('error', !!isError);
    ui.banner.hidden = !text;
    // The banner takes room from the grid, or gives it back.
    if (shownBefore !== !ui.banner.hidden && !ui.wall.hidden) layoutGrid();
  }

  function announce(text) {
    ui.announcer.textContent = '';
    // A fresh text node is read out even when the sentence repeats.
    window.setTimeout(() => { ui.announcer.textContent = text; }, 50);
  }

  function stopEverything() {
    ++generation;
    if (events) events.close();
    events = null;
    eventsOpenedOnce = false;
    window.clearTimeout(reconnectTimer);
    window.clearTimeout(pumpTimer);
    pumpAt = Infinity;
    closeStream();
    for (const id of [...tiles.keys()]) removePrinter(id);
    snapshotsInFlight = 0;
    unreachable = false;
  }

  // Opens the wall with `candidate`. From the login form (`fromForm`) a failure stays on the form;
  // with a stored token an unreachable server is retried.
  async function open(candidate, fromForm, remember) {
    token = candidate;
    const mine = ++generation;
    let list;
    const asked = updates;
    try {
      const response = await api('/api/printers');
      if (!response.ok) throw new Error(`The server answered ${response.status}.`);
      list = await response.json();
    } catch (error) {
      if (mine !== generation) return;
      if (error instanceof AuthError) {
        forgetToken();
        showLogin(error.message + (fromForm ? '' : ' Enter the current token.'));
        return;
      }
      if (fromForm) {
        showLogin('The FarmCam server cannot be reached. Is sharing switched on?');
        return;
      }
      // A wall display that came up before the server: keep trying.
      showWall();
      setBanner('The FarmCam server cannot be reached. Trying again…', true);
      scheduleReconnect(() => open(candidate, false));
      return;
    }
    if (mine !== generation) return;
    if (fromForm) storeToken(candidate, remember);
    showWall();
    setBanner('');
    reconcile(list, asked);
    openEvents();
    routeFromHash();
  }

  function showWall() {
    ui.login.hidden = true;
    ui.bar.hidden = false;
    ui.wall.hidden = false;
  }

  function scheduleReconnect(action) {
    window.clearTimeout(reconnectTimer);
    reconnectTimer = window.setTimeout(action, reconnectDelay);
    reconnectDelay = Math.min(RECONNECT_MAX_MS, reconnectDelay * 2);
  }

  // ---------------------------------------------------------------------------------------------
  // The event stream

  function openEvents() {
    if (events) events.close();
    const mine = generation;
    events = new EventSource(withToken('/api/events'));
    events.addEventListener('open', () => {
      if (mine !== generation) return;
      reconnectDelay = RECONNECT_MIN_MS;
      const reopened = eventsOpenedOnce;
      eventsOpenedOnce = true;
      if (unreachable || reopened) {
        unreachable = false;
        setBanner('');
        // Printers removed while we were away sent their `removed` to nobody.
        refreshList();
        pump();
      }
    });
    events.addEventListener('printer', (event) => {
      if (mine !== generation) return;
      updatePrinter(JSON.parse(event.data));
    });
    events.addEventListener('removed', (event) => {
      if (mine !== generation) return;
      removePrinter(JSON.parse(event.data).id);
      layoutGrid();
      updateSummary();
    });
    events.addEventListener('error', () => {
      if (mine !== generation) return;
      if (events.readyState === EventSource.CONNECTING) {
        // The browser reconnects by itself (the server asked for 3 s).
        lostServer();
        return;
      }
      // Closed for good: an answer that was not an event stream (401, 503). Find out which.
      events.close();
      lostServer();
      scheduleReconnect(checkAndReopen);
    });
  }

  async function checkAndReopen() {
    const mine = generation;
    try {
      const asked = updates;
      const response = await api('/api/printers');
      if (mine !== generation) return;
      if (!response.ok) throw new Error(String(response.status));
      reconcile(await response.json(), asked);
      openEvents();
    } catch (error) {
      if (mine !== generation) return;
      if (error instanceof AuthError) {
        forgetToken();
        showLogin(`${error.message} Enter the current token.`);
        return;
      }
      lostServer();
      scheduleReconnect(checkAndReopen);
    }
  }

  async function refreshList() {
    const mine = generation;
    try {
      const asked = updates;
      const response = await api('/api/printers');
      if (mine === generation && response.ok) reconcile(await response.json(), asked);
    } catch (error) {
      if (mine === generation && error instanceof AuthError) {
        forgetToken();
        showLogin(`${error.message} Enter the current token.`);
      }
    }
  }

  function lostServer() {
    if (unreachable) return;
    unreachable = true;
    setBanner('Lost the connection to the FarmCam server. Reconnecting…', true);
    updateSummary();
  }

  // ---------------------------------------------------------------------------------------------
  // Printers and tiles

  // The list the server gave when asked at update number `asked`. The event stream runs alongside:
  // what it told after that is newer than the list, whatever arrived first, and stays.
  function reconcile(list, asked) {
    const seen = new Set();
    for (const printer of list) {
      seen.add(printer.id);
      const known = printers.get(printer.id);
      if (!known || known.update <= asked) updatePrinter(printer, true);
    }
    for (const id of [...tiles.keys()]) {
      if (!seen.has(id) && printers.get(id).update <= asked) removePrinter(id);
    }
    // The server's order is the farm's order.
    for (const printer of list) {
      if (tiles.has(printer.id)) ui.grid.appendChild(tiles.get(printer.id).cell);
    }
    layoutGrid();
    updateSummary();
  }

  function updatePrinter(json, quiet) {
    const now = Date.now();
    const previous = printers.get(json.id);
    const printer = Object.assign({}, json, { receivedAt: now, update: ++updates });
    if (json.lastFrameAgeMs !== null && json.lastFrameAgeMs !== undefined) printer.frameAt = now - json.lastFrameAgeMs;
    else if (previous && previous.frameAt !== undefined) printer.frameAt = previous.frameAt;
    printers.set(json.id, printer);

    let tile = tiles.get(json.id);
    if (!tile) {
      tile = createTile(json.id);
      tiles.set(json.id, tile);
      ui.grid.appendChild(tile.cell);
      if (!quiet) layoutGrid();
    }
    // A camera that comes back may have a new picture at once.
    if (printer.live && !(previous && previous.live)) tile.dueAt = 0;
    if (!quiet && previous) announceChange(previous, printer);
    renderTile(tile, printer, now);
    if (singleId === json.id) renderSingle(printer, now);
    if (!quiet) updateSummary();
    pump();
  }

  function announceChange(previous, printer) {
    const before = previous.print ? previous.print.gcodeState : null;
    const after = printer.print ? printer.print.gcodeState : null;
    if (before !== after && (after === 'FAILED' || after === 'FINISH'))
      announce(`${printer.name}: print ${after === 'FAILED' ? 'failed' : 'finished'}.`);
    else if (needsAttention(printer.print) && !needsAttention(previous.print))
      announce(`${printer.name}: paused for an error.`);
    if (previous.state === 'up' && printer.state === 'backoff')
      announce(`${printer.name}: camera offline.`);
  }

  function removePrinter(id) {
    const tile = tiles.get(id);
    if (tile) {
      visibility.unobserve(tile.link);
      tile.cell.remove();
      if (tile.objectUrl) URL.revokeObjectURL(tile.objectUrl);
      tile.removed = true;
    }
    tiles.delete(id);
    printers.delete(id);
    if (singleId === id) window.location.hash = '';
  }

  function createTile(id) {
    const cell = ui.tileTemplate.content.firstElementChild.cloneNode(true);
    const link = cell.querySelector('.tile');
    link.href = `#/printer/${encodeURIComponent(id)}`;
    link.dataset.id = id;
    const tile = {
      id, cell, link,
      img: cell.querySelector('.picture img'),
      messageHeadline: cell.querySelector('.message-headline'),
      messageDetail: cell.querySelector('.message-detail'),
      age: cell.querySelector('.age'),
      print: cell.querySelector('.overlay .print'),
      name: cell.querySelector('.name'),
      tag: cell.querySelector('.tag'),
      status: cell.querySelector('.overlay .status'),
      headline: cell.querySelector('.overlay .status .headline'),
      etag: null, objectUrl: null, dueAt: 0, inFlight: false, visible: true, removed: false,
      hasPicture: false, pictures: 0,
    };
    visibility.observe(link);
    return tile;
  }

  function renderPrint(container, printer, now) {
    const state = printState(printer.print);
    if (!state || !state.job) {
      container.hidden = true;
      return;
    }
    if (!container.firstElementChild) container.appendChild(ui.printTemplate.content.cloneNode(true));
    const print = printer.print;
    container.hidden = false;
    container.style.setProperty('--print-color', state.color);
    setText(container.querySelector('.badge'), state.label);
    setText(container.querySelector('.job'), print.jobName || '');
    const hasPercent = print.percent !== null && print.percent !== undefined;
    setText(container.querySelector('.percent'), hasPercent ? `${print.percent}%` : '');
    const track = container.querySelector('.bar-track');
    track.hidden = !hasPercent;
    if (hasPercent) {
      track.setAttribute('aria-valuenow', String(print.percent));
      track.setAttribute('aria-label', `${printer.name}: ${state.label}, ${print.percent}%`);
      container.querySelector('.bar-fill').style.width = `${Math.max(0, Math.min(100, print.percent))}%`;
    }
    setText(container.querySelector('.timing'), timingText(printer, now));
    setText(container.querySelector('.layer'), layerText(print));
  }

  function compactTag(printer) {
    const state = printState(printer.print);
    if (!state || !state.job) return '';
    if (printer.print.gcodeState === 'RUNNING' && printer.print.percent !== null && printer.print.percent !== undefined)
      return `${printer.print.percent}%`;
    return state.label;
  }

  function renderTile(tile, printer, now) {
    const status = cameraStatus(printer, now);
    const link = tile.link;
    link.dataset.tone = status.tone;
    link.toggleAttribute('data-stale', status.tone !== 'live' && tile.hasPicture);
    link.toggleAttribute('data-attention', needsAttention(printer.print));
    link.toggleAttribute('data-has-picture', tile.hasPicture);
    // Over the picture: why there is none (or why it is old), as the desktop tile says it.
    const message = status.tone === 'live' ? '' : (tile.hasPicture && status.tone === 'warning' ? '' : status.message || '');
    link.toggleAttribute('data-message', !!message);
    setText(tile.messageHeadline, message);
    setText(tile.messageDetail, message ? status.detail || '' : '');
    tile.age.hidden = !(status.age && tile.hasPicture);
    setText(tile.age, status.age);
    setText(tile.name, printer.name);
    setText(tile.headline, status.headline);
    const tag = compactTag(printer);
    tile.tag.hidden = !tag;
    setText(tile.tag, tag);
    const state = printState(printer.print);
    tile.tag.style.color = state ? state.color : '';
    renderPrint(tile.print, printer, now);
    link.setAttribute('aria-label', describeForScreenReaders(printer, now));
    link.title = status.detail ? `${printer.name}: ${status.detail}` : printer.name;
  }

  // Once a second: ages and countdowns move on without any event.
  function tick() {
    const now = Date.now();
    for (const [id, tile] of tiles) {
      const printer = printers.get(id);
      if (printer) renderTile(tile, printer, now);
    }
    if (singleId && printers.has(singleId)) renderSingle(printers.get(singleId), now);
    updateSummary();
  }

  function updateSummary() {
    if (ui.bar.hidden) return;
    const all = [...printers.values()];
    const live = all.filter((printer) => printer.live).length;
    const failed = all.filter((printer) => needsAttention(printer.print)).length;
    const printing = all.filter((printer) => printer.print && printer.print.gcodeState === 'RUNNING').length;
    const parts = [];
    if (unreachable) parts.push('Server unreachable');
    else parts.push(`${live} of ${all.length} ${all.length === 1 ? 'camera' : 'cameras'} live`);
    if (printing) parts.push(`${printing} printing`);
    if (failed) parts.push(`${failed} ${failed === 1 ? 'needs' : 'need'} attention`);
    const tone = unreachable || failed ? 'error' : live === all.length ? 'live' : 'warning';
    ui.summary.replaceChildren();
    const dot = document.createElement('span');
    dot.className = 'dot';
    dot.dataset.tone = all.length ? tone : 'off';
    dot.setAttribute('aria-hidden', 'true');
    ui.summary.append(dot, parts.join(' · '));
    ui.empty.hidden = all.length > 0 || unreachable;
    document.title = failed ? `(${failed}) FarmCam` : 'FarmCam';
  }

  // The column count that makes tiles largest with all of them on screen, as the desktop grid
  // does; on a small screen (tiles below a usable width) the page scrolls instead.
  const MIN_TILE_WIDTH = 200;
  function layoutGrid() {
    const count = Math.max(1, tiles.size);
    const style = getComputedStyle(ui.wall);
    const gap = parseFloat(getComputedStyle(ui.grid).columnGap) || 10;
    const width = ui.wall.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const barHeight = ui.bar.hidden ? 0 : ui.bar.offsetHeight;
    const bannerHeight = ui.banner.hidden ? 0 : ui.banner.offsetHeight;
    const height = window.innerHeight - barHeight - bannerHeight
      - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    let best = 1;
    let bestWidth = 0;
    for (let columns = 1; columns <= count; ++columns) {
      const rows = Math.ceil(count / columns);
      const byWidth = (width - (columns - 1) * gap) / columns;
      const byHeight = ((height - (rows - 1) * gap) / rows) * 16 / 9;
      const tileWidth = Math.min(byWidth, byHeight);
      if (tileWidth > bestWidth + 0.5) {
        bestWidth = tileWidth;
        best = columns;
      }
    }
    if (bestWidth < MIN_TILE_WIDTH)
      best = Math.max(1, Math.min(count, Math.floor((width + gap) / (MIN_TILE_WIDTH + gap))));
    ui.grid.style.setProperty('--columns', String(best));
    // All on screen: the grid is centred at the size it fits in, instead of stretching wide.
    const rows = Math.ceil(count / best);
    const fitWidth = Math.min(width, best * bestWidth + (best - 1) * gap);
    ui.grid.style.maxWidth = bestWidth >= MIN_TILE_WIDTH && rows > 0 ? `${Math.floor(fitWidth)}px` : '';
    ui.grid.style.margin = '0 auto';
  }

  // ---------------------------------------------------------------------------------------------
  // Pictures: snapshot fetches, a few in flight, each tile when a new frame may be there

  const visibility = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const tile = tiles.get(entry.target.dataset.id);
      if (tile) tile.visible = entry.isIntersecting;
    }
    pump();
  }, { rootMargin: '200px' });

  function picturesWanted() {
    return token && !document.hidden && singleId === null && !recordingsOpen && !unreachable;
  }

  function nextDueTile(now) {
    let best = null;
    for (const [id, tile] of tiles) {
      const printer = printers.get(id);
      if (tile.inFlight || !tile.visible || !printer || printer.frameAt === undefined) continue;
      if (tile.dueAt > now) continue;
      if (!best || tile.dueAt < best.dueAt) best = tile;
    }
    return best;
  }

  function earliestDue() {
    let earliest = Infinity;
    for (const [id, tile] of tiles) {
      const printer = printers.get(id);
      if (tile.inFlight || !tile.visible || !printer || printer.frameAt === undefined) continue;
      earliest = Math.min(earliest, tile.dueAt);
    }
    return earliest;
  }

  function pump() {
    if (!picturesWanted()) return;
    const now = Date.now();
    while (snapshotsInFlight < MAX_SNAPSHOTS_IN_FLIGHT) {
      const tile = nextDueTile(now);
      if (!tile) break;
      fetchSnapshot(tile);
    }
    const next = earliestDue();
    if (next === Infinity || snapshotsInFlight >= MAX_SNAPSHOTS_IN_FLIGHT) return;
    const at = Math.max(next, now + 20);
    if (at >= pumpAt) return;
    window.clearTimeout(pumpTimer);
    pumpAt = at;
    pumpTimer = window.setTimeout(() => { pumpAt = Infinity; pump(); }, at - now);
  }

  // When the next frame may be there: right after the camera's next frame is due (from its frame
  // rate and the age of the one we have), never sooner than MIN_SNAPSHOT_INTERVAL_MS after this
  // request started.
  function nextDue(printer, startedAt, frameAgeMs) {
    const now = Date.now();
    if (!printer || !printer.live) return startedAt + IDLE_SNAPSHOT_INTERVAL_MS;
    const interval = Number(printer.fps) > 0 ? Math.min(MAX_FRAME_WAIT_MS, 1000 / Number(printer.fps)) : MIN_SNAPSHOT_INTERVAL_MS;
    const expected = frameAgeMs >= 0 ? now + Math.max(0, interval - frameAgeMs) + 50 : now + interval;
    return Math.max(startedAt + MIN_SNAPSHOT_INTERVAL_MS, expected);
  }

  async function fetchSnapshot(tile) {
    const printer = printers.get(tile.id);
    const mine = generation;
    const startedAt = Date.now();
    tile.inFlight = true;
    ++snapshotsInFlight;
    let frameAgeMs = -1;
    try {
      const headers = tile.etag ? { 'If-None-Match': tile.etag } : {};
      const response = await api(printer.snapshot, { headers });
      if (mine !== generation || tile.removed) return;
      const age = Number(response.headers.get('X-Frame-Age-Ms'));
      if (response.headers.has('X-Frame-Age-Ms') && Number.isFinite(age)) {
        frameAgeMs = age;
        const current = printers.get(tile.id);
        if (current) current.frameAt = Date.now() - age;
      }
      if (response.status === 200) {
        const blob = await response.blob();
        if (mine !== generation || tile.removed) return;
        await showPicture(tile, blob);
        tile.etag = response.headers.get('ETag');
      } else if (response.status === 503) {
        // No picture yet: as long as the server says.
        const wait = Number(response.headers.get('Retry-After')) || 5;
        tile.dueAt = Date.now() + wait * 1000;
        return;
      }
      // 304: the picture we have is the newest. 404: the printer is going; its `removed` follows.
    } catch (error) {
      if (mine !== generation) return;
      if (error instanceof AuthError) {
        forgetToken();
        showLogin(`${error.message} Enter the current token.`);
        return;
      }
      // The network: the event stream says when the server is back.
      lostServer();
      if (events) events.close();
      scheduleReconnect(checkAndReopen);
    } finally {
      if (mine === generation) {
        tile.inFlight = false;
        --snapshotsInFlight;
        if (tile.dueAt <= startedAt) tile.dueAt = nextDue(printers.get(tile.id), startedAt, frameAgeMs);
        pump();
      }
    }
  }

  async function showPicture(tile, blob) {
    const url = URL.createObjectURL(blob);
    // Decoded before it is shown: the old picture stays until the new one can replace it.
    const probe = new Image();
    probe.src = url;
    try {
      await probe.decode();
    } catch {
      URL.revokeObjectURL(url);
      return; // a broken JPEG: keep the last good picture
    }
    if (tile.removed) {
      URL.revokeObjectURL(url);
      return;
    }
    const old = tile.objectUrl;
    tile.objectUrl = url;
    tile.img.src = url;
    tile.img.alt = `${printers.get(tile.id) ? printers.get(tile.id).name : ''} camera`;
    if (old) URL.revokeObjectURL(old);
    tile.pictures += 1;
    tile.link.dataset.pictures = String(tile.pictures);
    if (!tile.hasPicture) {
      tile.hasPicture = true;
      const printer = printers.get(tile.id);
      if (printer) renderTile(tile, printer, Date.now());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The single view: one printer, its live MJPEG stream

  function routeFromHash() {
    if (window.location.hash === '#/recordings' && token) {
      closeSingle();
      openRecordings();
      return;
    }
    closeRecordings(true);
    const match = /^#\/printer\/(.+)$/.exec(window.location.hash);
    const id = match ? decodeURIComponent(match[1]) : null;
    if (id && token && printers.has(id)) openSingle(id);
    else closeSingle();
  }

  function openSingle(id) {
    const reopening = singleId === id;
    singleId = id;
    ui.single.hidden = false;
    ui.wall.setAttribute('aria-hidden', 'true');
    ui.wall.inert = true;
    ui.bar.inert = true;
    renderSingle(printers.get(id), Date.now());
    if (!reopening) {
      startStream();
      ui.back.focus();
    }
  }

  function closeSingle() {
    if (singleId === null) return;
    const id = singleId;
    singleId = null;
    closeStream();
    ui.single.hidden = true;
    ui.wall.removeAttribute('aria-hidden');
    ui.wall.inert = false;
    ui.bar.inert = false;
    const tile = tiles.get(id);
    if (tile) tile.link.focus();
    pump();
  }

  function startStream() {
    window.clearTimeout(streamRetryTimer);
    const printer = printers.get(singleId);
    if (!printer) return;
    ui.singleMessage.hidden = true;
    ui.singleStream.alt = `${printer.name}: live camera`;
    ui.singleStream.src = withToken(printer.stream);
  }

  function closeStream() {
    window.clearTimeout(streamRetryTimer);
    // Dropping the source ends the request: the stream's connection is given back.
    ui.singleStream.removeAttribute('src');
    ui.singleStream.dataset.frames = '0';
  }

  ui.singleStream.addEventListener('load', () => {
    ui.singleMessage.hidden = true;
    ui.singleStream.dataset.frames = String(Number(ui.singleStream.dataset.frames || 0) + 1);
  });
  ui.singleStream.addEventListener('error', () => {
    if (singleId === null || !ui.singleStream.getAttribute('src')) return;
    ui.singleMessage.textContent = 'The stream stopped. Trying again…';
    ui.singleMessage.hidden = false;
    window.clearTimeout(streamRetryTimer);
    streamRetryTimer = window.setTimeout(() => {
      if (singleId !== null) refreshList().then(() => { if (singleId !== null) startStream(); });
    }, STREAM_RETRY_MS);
  });

  function renderSingle(printer, now) {
    if (!printer) return;
    const status = cameraStatus(printer, now);
    setText(ui.singleName, printer.name);
    ui.singleStatus.dataset.tone = status.tone;
    const parts = [status.headline];
    if (status.detail) parts.push(status.detail);
    if (printer.model) parts.unshift(printer.model);
    setText(ui.singleStatus.querySelector('.headline'), parts.join(' · '));
    renderPrint(ui.singlePrint, printer, now);
    document.title = `${printer.name} · FarmCam`;
  }

  // ---------------------------------------------------------------------------------------------
  // Recordings: what the farm recorded, per printer, newest first, to download

  const KIND_LABELS = { timelapse: 'Timelapse', failure: 'Failure clip', recording: 'Recording' };
  const recordingDateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

  function lengthText(ms) {
    if (ms === null || ms === undefined || ms < 0) return '';
    const total = Math.round(ms / 1000);
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const seconds = String(total % 60).padStart(2, '0');
    return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
  }

  function sizeText(bytes) {
    const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      ++unit;
    }
    return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
  }

  function openRecordings() {
    if (recordingsOpen) return;
    recordingsOpen = true;
    ui.recordings.hidden = false;
    ui.wall.setAttribute('aria-hidden', 'true');
    ui.wall.inert = true;
    ui.bar.inert = true;
    document.title = 'Recordings · FarmCam';
    ui.recordingsBack.focus();
    loadRecordings();
  }

  function closeRecordings(restoreFocus) {
    if (!recordingsOpen) return;
    recordingsOpen = false;
    ++recordingsLoad;
    ui.recordings.hidden = true;
    ui.wall.removeAttribute('aria-hidden');
    ui.wall.inert = false;
    ui.bar.inert = false;
    clearRecordings();
    document.title = 'FarmCam';
    if (restoreFocus) ui.recordingsButton.focus();
    updateSummary();
    pump();
  }

  function clearRecordings() {
    ui.recordingsList.replaceChildren();
    for (const url of thumbnailUrls) URL.revokeObjectURL(url);
    thumbnailUrls = [];
  }

  // Fresh each time the view opens: the list is small JSON, and the server keeps the lengths.
  async function loadRecordings() {
    const mine = ++recordingsLoad;
    const session = generation;
    setText(ui.recordingsStatus, 'Loading…');
    ui.recordingsEmpty.hidden = true;
    let list;
    try {
      const response = await api('/api/recordings');
      if (!response.ok) throw new Error(`The server answered ${response.status}.`);
      list = await response.json();
    } catch (error) {
      if (mine !== recordingsLoad || session !== generation) return;
      if (error instanceof AuthError) {
        forgetToken();
        showLogin(`${error.message} Enter the current token.`);
        return;
      }
      setText(ui.recordingsStatus, 'The recordings could not be loaded. Is the FarmCam server running?');
      return;
    }
    if (mine !== recordingsLoad || session !== generation) return;
    renderRecordings(list, mine);
    if (list.some((entry) => entry.durationMs == null)) fillLengths(mine, session, 1);
  }

  // The server reads a few hundred ms of file headers per request and the rest in the background
  // (docs/SHARING.md): lengths it had not read yet come with a later request. Asked again a few
  // times while the view stays open; a file whose length cannot be read stays without one.
  function fillLengths(load, session, attempt) {
    if (attempt > 5) return;
    setTimeout(async () => {
      if (load !== recordingsLoad || session !== generation) return;
      let list;
      try {
        const response = await api('/api/recordings');
        if (!response.ok) return;
        list = await response.json();
      } catch {
        return;
      }
      if (load !== recordingsLoad || session !== generation) return;
      const byPath = new Map(list.map((entry) => [entry.url, entry]));
      let missing = false;
      for (const link of ui.recordingsList.querySelectorAll('a.download')) {
        const item = link.closest('.recording');
        const badge = item.querySelector('.length');
        if (!badge.hidden) continue;
        const entry = byPath.get(link.dataset.path);
        const length = entry ? lengthText(entry.durationMs) : '';
        if (!length) {
          missing = missing || Boolean(entry);
          continue;
        }
        badge.textContent = length;
        badge.setAttribute('aria-label', `Length ${length}`);
        badge.hidden = false;
      }
      if (missing) fillLengths(load, session, attempt + 1);
    }, 1000 * attempt);
  }

  // Groups in the farm's order (the grid's), then folders of printers no longer in the farm.
  function groupRecordings(list) {
    const order = [...ui.grid.querySelectorAll('a.tile')].map((tile) => tile.dataset.id);
    const groups = new Map();
    for (const entry of list) {
      const key = entry.printerId || `folder:${entry.folder}`;
      if (!groups.has(key)) groups.set(key, { key, name: entry.printer, entries: [] });
      groups.get(key).entries.push(entry);
    }
    const rank = (group) => {
      const at = order.indexOf(group.key);
      return at < 0 ? order.length : at;
    };
    return [...groups.values()].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  }

  function renderRecordings(list, load) {
    clearRecordings();
    const totalBytes = list.reduce((sum, entry) => sum + (Number(entry.bytes) || 0), 0);
    setText(ui.recordingsStatus, list.length
      ? `${list.length} ${list.length === 1 ? 'video' : 'videos'} · ${sizeText(totalBytes)}` : '');
    ui.recordingsEmpty.hidden = list.length > 0;
    const thumbnails = [];
    for (const group of groupRecordings(list)) {
      const section = document.createElement('section');
      section.className = 'recording-group';
      const heading = document.createElement('h3');
      const count = document.createElement('span');
      count.className = 'count';
      count.textContent = String(group.entries.length);
      heading.append(group.name, count);
      const items = document.createElement('ul');
      items.className = 'recording-list';
      items.setAttribute('aria-label', `Recordings of ${group.name}`);
      // Newest first (the server's order).
      for (const entry of group.entries) {
        const item = createRecordingItem(entry, group.name);
        items.append(item);
        if (entry.thumbnail) thumbnails.push({ img: item.querySelector('img'), path: entry.thumbnail });
      }
      section.append(heading, items);
      ui.recordingsList.append(section);
    }
    loadThumbnails(thumbnails, load);
  }

  function createRecordingItem(entry, printerName) {
    const item = ui.recordingTemplate.content.firstElementChild.cloneNode(true);
    const kind = KIND_LABELS[entry.kind] || 'Video';
    const started = new Date(entry.started);
    const date = Number.isNaN(started.getTime()) ? '' : recordingDateFormat.format(started);
    item.dataset.kind = entry.kind;
    item.toggleAttribute('data-no-picture', !entry.thumbnail);
    item.querySelector('.recording-kind').textContent = kind;
    // The job a timelapse was made of ("benchy"), as the desktop's browser shows it.
    const label = item.querySelector('.recording-label');
    label.textContent = entry.label || '';
    label.hidden = !entry.label;
    if (entry.label) item.querySelector('.recording-title').title = `${kind} · ${entry.label}`;
    item.querySelector('.recording-date').textContent = date;
    item.querySelector('.recording-size').textContent = sizeText(Number(entry.bytes) || 0);
    const length = lengthText(entry.durationMs);
    const lengthBadge = item.querySelector('.length');
    lengthBadge.textContent = length;
    lengthBadge.hidden = !length;
    if (length) lengthBadge.setAttribute('aria-label', `Length ${length}`);
    item.querySelector('img').alt = `${kind} of ${printerName}`;
    const link = item.querySelector('a.download');
    // Without the token: a copied link asks for it (a browser's password dialog, Basic).
    link.href = relative(entry.url);
    link.dataset.path = entry.url;
    link.setAttribute('download', entry.file);
    link.setAttribute('aria-label', `Download the ${kind.toLowerCase()} of ${printerName}${date ? `, ${date}` : ''}${length ? `, ${length}` : ''}`);
    return item;
  }

  // As the wall's snapshots: fetched with the token in the header, shown as blobs. A few at a
  // time, so that hundreds of them never hold the browser's connections to the server.
  async function loadThumbnails(queue, load) {
    const session = generation;
    const worker = async () => {
      while (queue.length && load === recordingsLoad && session === generation) {
        const { img, path } = queue.shift();
        try {
          const response = await api(path);
          if (!response.ok) continue;
          const blob = await response.blob();
          if (load !== recordingsLoad || session !== generation) return;
          const url = URL.createObjectURL(blob);
          thumbnailUrls.push(url);
          img.src = url;
        } catch {
          return; // the server went away or the token changed: the list says so on its next load
        }
      }
    };
    await Promise.all(Array.from({ length: MAX_THUMBNAILS_IN_FLIGHT }, worker));
  }

  ui.recordingsList.addEventListener('click', (event) => {
    const link = event.target.closest('a.download');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    // A download is a navigation, which cannot carry the Authorization header: the token goes as
    // ?token= (as for the event stream and the stream picture), in this one request only.
    const download = document.createElement('a');
    download.href = withToken(link.dataset.path);
    download.download = link.getAttribute('download');
    download.rel = 'noreferrer';
    download.hidden = true;
    document.body.append(download);
    download.click();
    download.remove();
  });

  ui.recordingsButton.addEventListener('click', () => {
    history.pushState({ fromGrid: true }, '', '#/recordings');
    routeFromHash();
  });

  ui.recordingsBack.addEventListener('click', () => {
    if (history.state && history.state.fromGrid) history.back();
    else window.location.hash = '';
  });

  // ---------------------------------------------------------------------------------------------
  // Wiring

  ui.loginForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = ui.token.value.trim();
    if (!value) {
      ui.loginError.textContent = 'Enter the token.';
      ui.token.setAttribute('aria-invalid', 'true');
      ui.token.focus();
      return;
    }
    ui.loginError.textContent = '';
    ui.loginButton.disabled = true;
    ui.token.value = '';
    open(value, true, ui.remember.checked);
  });

  ui.signOut.addEventListener('click', () => {
    forgetToken();
    history.replaceState(null, '', window.location.pathname);
    showLogin('');
  });

  ui.back.addEventListener('click', () => {
    // Back in the history when the single view was opened from the grid; else to the grid.
    if (history.state && history.state.fromGrid) history.back();
    else window.location.hash = '';
  });

  ui.grid.addEventListener('click', (event) => {
    const link = event.target.closest('a.tile');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    history.pushState({ fromGrid: true }, '', link.getAttribute('href'));
    routeFromHash();
  });

  window.addEventListener('hashchange', routeFromHash);
  window.addEventListener('popstate', routeFromHash);

  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && singleId !== null) {
      event.preventDefault();
      ui.back.click();
    } else if (event.key === 'Escape' && recordingsOpen) {
      event.preventDefault();
      ui.recordingsBack.click();
    }
  });

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) pump();
  });

  let resizeFrame = 0;
  window.addEventListener('resize', () => {
    window.cancelAnimationFrame(resizeFrame);
    resizeFrame = window.requestAnimationFrame(layoutGrid);
  });

  window.setInterval(tick, 1000);

  // Start: a token from the address (a wall's bookmark), else one kept on this device.
  const fromAddress = takeTokenFromAddress();
  if (fromAddress) {
    storeToken(fromAddress, rememberedOnDevice());
    open(fromAddress, false);
  } else {
    const kept = storedToken();
    if (kept) open(kept, false);
    else showLogin('');
  }
})();
