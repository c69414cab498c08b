// The console's behaviour on top of server-rendered pages: changes go to /console/command (relayed to the
// command side with the session's CSRF token, an If-Match and one Idempotency-Key per action); reads use the
// query API with the same session. Every text comes from the page's message bundle (#messages).

const messages = JSON.parse(document.getElementById('messages')?.textContent || 'null') || {};
const csrfHeader = document.querySelector('meta[name="_csrf_header"]')?.content;
let csrfToken = document.querySelector('meta[name="_csrf"]')?.content;
/** The user this page was loaded for. */
const pageUser = document.querySelector('meta[name="certaudit-user"]')?.content;
/** Set before the page leaves on its own (a reload after a refusal, discard): no question then. */
let leaving = false;
const leave = action => { leaving = true; action(); };

/** A text of the bundle with {0}, {1} ... filled in. */
export function t(key, ...args) {
    const text = messages[key] ?? key;
    return text.replace(/\{(\d+)\}/g, (_, i) => args[Number(i)] ?? '');
}

/** A new Idempotency-Key (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function newKey() {
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const zone = document.querySelector('meta[name="certaudit-zone"]')?.content;

/**
 * An API instant (UTC) as the server prints moments: on the certification body's clock, to the second, with the
 * offset ("2021-06-07 18:00:00 +08:00"); unchanged when the page names no zone or the browser cannot convert.
 */
function moment(iso) {
    if (!zone || !iso) return iso;
    try {
        const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
            timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
            second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset'
        }).formatToParts(new Date(iso)).map(p => [p.type, p.value]));
        const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName.replace('GMT', '');
        return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${offset}`;
    } catch (e) {
        return iso;
    }
}

/**
 * The changes this page made: how many are on their way, and for each one made the versions it moved the audit
 * through ((If-Match, answered version]), so that a pushed version can be told from someone else's change.
 */
const own = { inFlight: 0, ranges: [] };

/** Sends one change ({@link sendCommand}), remembering the versions it made. */
export async function command(method, path, body, options = {}) {
    own.inFlight++;
    try {
        const result = await sendCommand(method, path, body, options);
        const version = result.ok ? result.body?.version : undefined;
        // A change to one item makes one version; it may land on others' changes to other items (the command side lets
        // those through), which are not this page's.
        if (typeof version === 'number') {
            own.ranges.push([path.includes('/items/') ? version - 1 : options.ifMatch ?? version - 1, version]);
        }
        return result;
    } finally {
        own.inFlight--;
    }
}

/**
 * Changes whose outcome is not known yet, by what was sent (method, path, body, If-Match), with the Idempotency-Key
 * they went under: no answer came through the network, the relay's command side did not answer
 * (command-side-outcome-unknown), a gateway in front of the console answered for it ({@link outcomeUnknown}), or the
 * command side is still running the first request under that key.
 * The same change sent again (a form submitted again, a row saved again) goes under the same key, so that the command
 * side answers it with its first answer if it made it, instead of making it twice.
 */
const unsettled = new Map();

/**
 * This system's problems that say a change was not made though the command side gave no answer: the relay could not
 * connect to it (command-side-unavailable, nothing was sent), or its store did not take the change (store-unavailable).
 */
const NOTHING_CHANGED = ['command-side-unavailable', 'store-unavailable'];

/**
 * Whether an answer leaves the change's outcome unknown: the relay had no answer from the command side
 * (command-side-outcome-unknown), or a 502, 503 or 504 came that is not one of this system's problems saying nothing
 * was changed: a gateway or proxy in front of the console answers those in words of its own (a page, its own JSON) and
 * cannot know whether the change went through behind it.
 */
function outcomeUnknown(response, json) {
    const kind = kindOf(json);
    return kind === 'command-side-outcome-unknown'
        || ([502, 503, 504].includes(response.status) && !NOTHING_CHANGED.includes(kind));
}

/** The words for a change whose outcome is unknown: the network's, a gateway's before the console, or the relay's. */
function unknownOutcomeText(response, json) {
    if (!response) return t('js.network');
    return kindOf(json) === 'unknown' ? t('js.outcomeUnknown.gateway', response.status) : t('js.outcomeUnknown');
}

/**
 * Sends one change. A network failure, or an answer that leaves the outcome unknown ({@link outcomeUnknown}), is
 * retried with the same Idempotency-Key, so that a change the command side did make is answered again instead of
 * made twice; when retrying does not settle it, the key is kept for the same change sent again ({@link unsettled}).
 */
async function sendCommand(method, path, body, { ifMatch = null, key = newKey(), retriedCsrf = false } = {}) {
    const change = JSON.stringify([method, path, body ?? null, ifMatch ?? null]);
    key = unsettled.get(change) ?? key;
    const headers = { 'Accept': 'application/json, application/problem+json', 'Idempotency-Key': key,
        'Accept-Language': document.documentElement.lang || 'zh-CN' };
    if (csrfHeader && csrfToken) headers[csrfHeader] = csrfToken;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (ifMatch !== null && ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
    let response, text, json;
    for (let attempt = 0; ; attempt++) {
        try {
            response = await fetch('/console/command' + path, {
                method, headers, credentials: 'same-origin', redirect: 'manual',
                body: body === undefined ? undefined : JSON.stringify(body)
            });
            text = await response.text();
        } catch (e) {
            response = null;
            text = '';
        }
        json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (response && !outcomeUnknown(response, json)) break;
        // The relay has waited for the command side already: one more try for its answer, three for the network's.
        if (attempt >= (response ? 1 : 2)) {
            unsettled.set(change, key);
            return { ok: false, status: response ? response.status : 0,
                problem: { detail: unknownOutcomeText(response, json) } };
        }
        await sleep(400 * (attempt + 1));
    }
    if (response.type === 'opaqueredirect' || (response.status === 403 && !isJson(response))) {
        return { ok: false, status: 401, problem: { detail: t('js.signedOut') } };
    }
    if (response.status === 403 && json?.errors?.some(e => e.code === 'request.csrf-token')) {
        // The session this page was loaded in has ended (signed out, or signed in again elsewhere): with the
        // current session's token the change goes out once more, under the same key; without a session, the page
        // keeps what was typed and asks to sign in in another tab.
        if (!retriedCsrf && await refreshCsrfToken()) {
            return sendCommand(method, path, body, { ifMatch, key, retriedCsrf: true });
        }
        return { ok: false, status: 401, problem: { detail: t('js.signedOutKeep') } };
    }
    // The first request under this key still running (it may be one this page gave up waiting for): not settled yet.
    if (response.status === 409 && json?.errors?.some(e => e.code === 'idempotency.key-in-progress')) {
        unsettled.set(change, key);
    } else {
        unsettled.delete(change);
    }
    return { ok: response.ok, status: response.status, body: json, problem: response.ok ? null : (json || { detail: text }) };
}

/** The current session's CSRF token, read from this page loaded again; false when there is no session. */
async function refreshCsrfToken() {
    try {
        const response = await fetch(location.pathname, { credentials: 'same-origin', redirect: 'manual' });
        if (!response.ok) return false;
        const reloaded = new DOMParser().parseFromString(await response.text(), 'text/html');
        const token = reloaded.querySelector('meta[name="_csrf"]')?.content;
        // Only for the same person: a change must not go out under someone else who signed in meanwhile.
        if (reloaded.querySelector('meta[name="certaudit-user"]')?.content !== pageUser) return false;
        if (!token || token === csrfToken) return false;
        csrfToken = token;
        return true;
    } catch (e) {
        return false;
    }
}

function isJson(response) {
    return (response.headers.get('Content-Type') || '').includes('json');
}

/** GET on the query API with the session; null when it is not there (yet). */
export async function read(path) {
    const response = await fetch(path, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
    if (response.redirected && response.url.includes('/console/login')) {
        leave(() => { location.href = '/console/login'; });
        return null;
    }
    return response.ok ? response.json() : null;
}

/** Waits until the query side has caught up with a version, then answers its scorecard. */
export async function scorecardAt(auditId, version, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    let delay = 50;
    while (Date.now() < deadline) {
        const card = await read(`/api/audits/${encodeURIComponent(auditId)}/scorecard`);
        if (card && card.version >= version) return card;
        await sleep(delay);
        delay = Math.min(delay * 2, 400);
    }
    return null;
}

/** The problem's kind, the last part of its urn:certaudit:problem: type ("broken-rule"). */
function kindOf(problem) {
    const type = String(problem?.type || '');
    return type.startsWith('urn:certaudit:problem:') ? type.slice('urn:certaudit:problem:'.length) : 'unknown';
}

/** What kind of problem it is, in the bundle's words, then what is wrong. */
function problemText(problem, message) {
    const words = t('problem.' + kindOf(problem));
    return message ? t('js.problem.text', words, message) : words;
}

/**
 * One error of a problem in the bundle's words: the sentence rule.<code> with its named arguments
 * filled in ({name}, or {name,prefix} for a value in the words of prefix.<value>, as decision.GRANT);
 * the API's English message only for an error without a code (ConsoleBundlesTest gives every code words).
 */
export function errorText(error) {
    const sentence = error?.code ? messages['rule.' + error.code] : undefined;
    if (sentence === undefined) return error?.message;
    const args = error.arguments || {};
    return sentence.replace(/\{(\w+)(?:,([\w-]+))?\}/g, (_, name, prefix) => {
        const value = args[name];
        const word = v => (prefix && messages[`${prefix}.${v}`] !== undefined ? messages[`${prefix}.${v}`] : String(v));
        if (value === null || value === undefined) return t('js.none');
        return Array.isArray(value) ? value.map(word).join(t('js.list.separator')) : word(value);
    });
}

/**
 * Shows a problem next to the fields it names (errors[].field of the command side, parameter of the
 * query side), each in the bundle's words for its kind and rule; an error naming no field (a rule about
 * the request as a whole) goes next to the form's data-problem-default field (the reviewer or decider
 * the rule is about) or on its own problem line.
 */
export function showProblem(container, problem, general = container.querySelector('.form-problem')) {
    clearProblems(container);
    if (general) general.textContent = '';
    const named = [];
    if (Array.isArray(problem?.errors)) named.push(...problem.errors);
    if (problem?.parameter) named.push({ field: problem.parameter, message: problem.detail });
    if (!named.length && container.dataset?.problemDefault) {
        named.push({ message: problem?.detail || problem?.title });
    }
    const unplaced = [];
    for (const error of named) {
        const field = error.field ?? container.dataset?.problemDefault;
        const slot = field ? problemSlot(container, field) : null;
        const text = errorText(error);
        if (slot) {
            slot.textContent = problemText(problem, text);
            slot.dataset.kind = kindOf(problem);
            if (error.code) slot.dataset.rule = error.code;
            const input = slot.closest('div, td, form')?.querySelector(`[name="${cssEscape(lastSegment(field))}"]`)
                || container.querySelector(`[name="${cssEscape(field)}"]`);
            input?.setAttribute('aria-invalid', 'true');
        } else {
            // A field without its own problem line is named as its form labels it, not by its name in the API.
            const input = error.field ? container.querySelector(`[name="${cssEscape(lastSegment(error.field))}"]`) : null;
            const label = input?.labels?.[0]?.textContent?.trim() || input?.placeholder || error.field;
            unplaced.push(error.field ? t('js.problem.text', label, text) : text);
        }
    }
    const text = named.length ? (unplaced.length ? problemText(problem, unplaced.join('; ')) : '')
        : (problem?.type ? problemText(problem, problem.detail) : (problem?.detail || problem?.title || t('js.failed')));
    if (text) {
        if (general) general.textContent = text;
        else (problemSlot(container, '*') || document.getElementById('page-message')).textContent = text;
    }
}

function problemSlot(container, field) {
    const candidates = [field, field?.replace(/\[\d+\]/g, ''), lastSegment(field)];
    for (const name of candidates) {
        const slot = name && container.querySelector(`[data-problem-for="${cssEscape(name)}"]`);
        if (slot) return slot;
    }
    return null;
}

const lastSegment = field => String(field || '').split('.').pop().replace(/\[\d+\]/g, '');
const cssEscape = value => (window.CSS?.escape ? CSS.escape(value) : String(value).replace(/"/g, '\\"'));

export function clearProblems(container) {
    container.querySelectorAll('.problem').forEach(p => { p.textContent = ''; });
    container.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid'));
}

/** A form's fields as the JSON body: dotted names nest, data-type="number" and "lines" convert. */
function formJson(form) {
    const body = {};
    for (const element of form.elements) {
        if (!element.name || element.disabled || element.type === 'submit') continue;
        if (form.dataset.query && element.name === form.dataset.query) continue;
        let value = element.type === 'checkbox' ? element.checked : element.value;
        if (typeof value === 'string') {
            value = value.trim();
            if (element.dataset.type === 'lines') value = value.split('\n').map(s => s.trim()).filter(Boolean);
            else if (value === '') continue;
            else if (element.dataset.type === 'number' && !Number.isNaN(Number(value))) value = Number(value);
        }
        const path = element.name.split('.');
        let target = body;
        path.slice(0, -1).forEach(part => { target = (target[part] ??= {}); });
        target[path[path.length - 1]] = value;
    }
    return body;
}

// --- the page's audit and version -----------------------------------------------------------------

const page = {
    auditId: document.body.dataset.audit,
    version: document.body.dataset.version === undefined ? null : Number(document.body.dataset.version),
    setVersion(version) {
        this.version = version;
        const shown = document.getElementById('audit-version');
        if (shown) shown.textContent = version;
    }
};

// --- closed meanwhile: decided or recommended while the page was open ---------------------------------

/** The command side's refusals of any change to an audit that is no longer open for changes. */
const CLOSED_RULES = ['audit.decided', 'audit.closed'];
/** The statuses in which the team still changes an audit (AuditStatus.openForChanges on the query side). */
const OPEN_STATUSES = ['OPEN', 'REOPENED', 'RETURNED'];
const closedNoteKey = () => `certaudit.closed.${page.auditId}`;

/**
 * A change refused because the audit was decided (or its grade recommended) since the page was loaded: keeps
 * the refusal's sentence, waits until the query side shows the audit closed and loads the page again, which
 * then shows it read only with the sentence above it. Answers whether the refusal was of that kind.
 */
async function closedMeanwhile(result) {
    const error = result.status === 409 && Array.isArray(result.problem?.errors)
        && result.problem.errors.find(e => CLOSED_RULES.includes(e.code));
    if (!error) return false;
    const text = problemText(result.problem, errorText(error));
    document.getElementById('page-message').textContent = text;
    try { sessionStorage.setItem(closedNoteKey(), text); } catch (e) { /* shown on this page only */ }
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
        const audit = await read(`/api/audits/${encodeURIComponent(page.auditId)}`);
        if (audit && !OPEN_STATUSES.includes(audit.status)) break;
        await sleep(200);
    }
    leave(() => location.reload());
    return true;
}

/** After such a reload, the refusal that caused it. */
function showClosedNote() {
    const message = document.getElementById('page-message');
    if (!message || !page.auditId) return;
    let text = null;
    try {
        text = sessionStorage.getItem(closedNoteKey());
        sessionStorage.removeItem(closedNoteKey());
    } catch (e) { text = null; }
    if (text) message.textContent = text;
}

// --- conflicts: what changed, and re-apply ------------------------------------------------------------

let pendingRetry = null;
/** A retry whose reason the user did not give: nothing was sent, and the conflict still stands. */
const CANCELLED = 'cancelled';

/**
 * The change was refused because the audit moved on: show what changed since {@code from}, the version the refused
 * change rested on (its If-Match: the row's version for an item, the page's for a form). Per item, the changes made
 * since its row's value was loaded (the sheet loads rows again after the page's own saves, so a row may rest on a later
 * version than the page), leaving out this page's own saves, which are no conflict; an item changed and changed back
 * meanwhile is listed too, with its changes, and said to be as it was loaded. The list of every change since
 * {@code from} names this page's saves as this page's, not as the user's own from elsewhere.
 */
async function showConflict(problem, retry, from = page.version) {
    const panel = document.getElementById('conflict');
    if (!panel) return;
    const current = problem?.currentVersion ?? null;
    panel.querySelector('.conflict-summary').textContent = t('js.conflict.summary', from, current ?? '?');
    const itemsList = panel.querySelector('.conflict-items');
    const eventsList = panel.querySelector('.conflict-events');
    itemsList.replaceChildren();
    eventsList.replaceChildren();
    const id = encodeURIComponent(page.auditId);
    // The earliest version the page or any of its rows rests on: every item's changes since its row's are read from it.
    const byClause = new Map(rows().map(row => [row.dataset.clause, row]));
    const since = Math.min(from, ...[...byClause.values()].map(rowVersion));
    const diffs = new Map();
    const diffFrom = version => {
        if (!diffs.has(version)) {
            diffs.set(version, read(`/api/audits/${id}/scorecard/diff?from=${version}`
                + (current !== null ? `&to=${current}` : '')));
        }
        return diffs.get(version);
    };
    const events = (await trailAt(since, current)).filter(e => current === null || e.sequenceNumber <= current);
    // Per item, what the user needs to decide on: the changes others made since its row was loaded (who by name, when,
    // the value each left, its reason and evidence note, from the trail) and their own unsaved one. The trail, not the
    // difference of the scores, says which items those are: an item changed and changed back (or whose evidence note or
    // reason alone was revised) has the same result as when its row was loaded, and someone else still touched it.
    const touched = [...new Set(events.filter(e => ITEM_EVENTS.includes(e.type) && e.payload?.clause)
        .map(e => e.payload.clause))];
    const sheetOrder = clause => { const at = [...byClause.keys()].indexOf(clause); return at < 0 ? Infinity : at; };
    touched.sort((a, b) => sheetOrder(a) - sheetOrder(b));
    for (const clause of touched) {
        const row = byClause.get(clause);
        const loaded = row ? rowVersion(row) : since;
        const theirs = events.filter(e => e.sequenceNumber > loaded && ITEM_EVENTS.includes(e.type)
            && e.payload?.clause === clause && !thisPages(e));
        // Untouched since the row was loaded, or changed by this page's own saves only: nothing to decide on.
        if (theirs.length === 0) continue;
        const item = ((await diffFrom(loaded))?.items || []).find(i => i.clause === clause);
        const li = document.createElement('li');
        li.dataset.clause = clause;
        const head = document.createElement('p');
        head.className = 'conflict-item';
        // The same result as when loaded: what the last change left, which is what the row was loaded with.
        const last = events.filter(e => ITEM_EVENTS.includes(e.type) && e.payload?.clause === clause).pop();
        head.textContent = item ? t('js.conflict.item', clause, side(item.before), side(item.after))
            : t('js.conflict.item.same', clause, eventValue(last));
        if (!item) li.dataset.same = 'true';
        li.append(head);
        theirs.forEach(event => li.append(theirChange(event)));
        if (row && dirty(row)) li.append(myChange(row));
        itemsList.append(li);
    }
    const listed = events.filter(e => e.sequenceNumber > from);
    for (const event of listed) {
        const li = document.createElement('li');
        li.textContent = t('js.conflict.event', t('event.' + event.type), who(event), moment(event.time), event.sequenceNumber);
        eventsList.append(li);
    }
    panel.querySelector('h2').textContent = t(ownChanges(listed, current) ? 'js.conflict.title.own'
        : 'js.conflict.title');
    // Re-applying acknowledges what the panel listed: every row's changes since the version it rests on.
    pendingRetry = { retry, current, from: since };
    // The conflict panel says what the live notice would, and more: one banner, not two.
    const live = document.getElementById('live-change');
    if (live) live.hidden = true;
    panel.hidden = false;
    panel.scrollIntoView({ block: 'nearest' });
    document.getElementById('conflict-reapply').focus();
}

/** The trail's events that change one item's result or its reason. */
const ITEM_EVENTS = ['ItemScored', 'ItemScoreRevised', 'ItemMarkedNotApplicable', 'ItemNotApplicableReasonRevised',
    'ItemApplicabilityRestored'];

/** Whether a trail event is one of this page's own saves: the signed-in user's, at a version its changes made. */
function thisPages(event) {
    return event.user === pageUser
        && own.ranges.some(([from, to]) => event.sequenceNumber > from && event.sequenceNumber <= to);
}

/**
 * Who caused a trail event, in the signed-in user's words: by the name recorded with it (or the team member's) with the
 * user name; for their own changes, "you, saved on this page" or "you (elsewhere)".
 */
function who(event) {
    if (!event.user) return '?';
    if (event.user === pageUser) return t(thisPages(event) ? 'js.conflict.thisPage' : 'js.conflict.you', event.user);
    const name = event.personName || event.member?.name;
    return name ? t('js.conflict.person', name, event.user) : event.user;
}

/** What an item event left the item at: its percent, not applicable, or no result (restored). */
function eventValue(event) {
    const payload = event.payload || {};
    if (event.type === 'ItemMarkedNotApplicable' || event.type === 'ItemNotApplicableReasonRevised') return t('sheet.na');
    if (event.type === 'ItemApplicabilityRestored') return '—';
    return payload.percent === undefined || payload.percent === null ? '—' : payload.percent + '%';
}

/** One change to an item made meanwhile, with its reason and evidence note as recorded. */
function theirChange(event) {
    const block = document.createElement('div');
    block.className = 'conflict-theirs';
    const line = (key, ...args) => {
        const p = document.createElement('p');
        p.textContent = t(key, ...args);
        block.append(p);
        return p;
    };
    line('js.conflict.theirs', t('event.' + event.type), who(event), moment(event.time), eventValue(event))
        .className = 'conflict-who';
    if (event.payload?.reason) line('js.conflict.reason', event.payload.reason).className = 'conflict-reason';
    if (event.payload?.note) line('js.conflict.note', event.payload.note).className = 'conflict-note';
    return block;
}

/** The user's own unsaved change to an item: the value and evidence typed, and the reason given for it, if any. */
function myChange(row) {
    const d = typed(row);
    const block = document.createElement('div');
    block.className = 'conflict-mine';
    const line = (key, ...args) => {
        const p = document.createElement('p');
        p.textContent = t(key, ...args);
        block.append(p);
        return p;
    };
    line('js.conflict.mine', d.notApplicable ? t('sheet.na') : d.percent === '' ? '—' : d.percent + '%').className = 'conflict-value';
    if (d.notApplicable && d.naReason) line('js.conflict.reason', d.naReason).className = 'conflict-reason';
    const given = row.reasonGiven;
    if (!d.notApplicable && given?.reason && given.target.split('|')[0] === d.percent) {
        line('js.conflict.mineReason', given.base.split('|')[0] + '%', given.target.split('|')[0] + '%', given.reason)
            .className = 'conflict-reason';
    }
    // An evidence note the user did not edit is not theirs to resubmit: it follows the current one.
    if (!d.notApplicable && d.note && d.note !== saved(row).note) line('js.conflict.note', d.note).className = 'conflict-note';
    return block;
}

/**
 * True when every change after the refused one's version, up to {@code to} (when known), was the signed-in user's own,
 * and some of them were made in another tab or on another device (this page's own saves aside): the trail must reach
 * {@code to}, or it cannot tell.
 */
function ownChanges(events, to) {
    const elsewhere = events.filter(e => !thisPages(e));
    if (!pageUser || elsewhere.length === 0 || elsewhere.some(e => e.user !== pageUser)) return false;
    return to === null || to === undefined || events[events.length - 1].sequenceNumber >= to;
}

function side(result) {
    if (!result) return '—';
    return result.notApplicable ? t('sheet.na') : String(result.percent);
}

/**
 * The trail's events after {@code version} once the trail has reached {@code to} (when known): the trail is a projection
 * of its own and may not have reached a version the command side or the scorecard has. Read with growing pauses, as
 * {@link scorecardAt} waits for the scorecard, for at most {@code timeoutMs}; then what it has. A panel drawn from a
 * trail read once, behind the refused change's version, could leave out the very change the conflict was about, and
 * was not drawn again.
 */
async function trailAt(version, to, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    let delay = 50;
    while (true) {
        const events = await eventsAfter(version);
        const reached = to === null || to === undefined
            || (events.length > 0 && events[events.length - 1].sequenceNumber >= to);
        if (reached || Date.now() >= deadline) return events;
        await sleep(delay);
        delay = Math.min(delay * 2, 400);
    }
}

async function eventsAfter(version) {
    // The trail is in the stream's order and what came after a version is at its end: read its pages from the last
    // back to the one that reaches the version (one or two reads, not the whole trail; at most 50 pages).
    const id = encodeURIComponent(page.auditId);
    const size = 200;
    const head = await read(`/api/audits/${id}/events?page=0&size=1`);
    if (!head) return [];
    const last = Math.ceil(head.totalElements / size) - 1;
    const found = [];
    for (let pageNumber = last; pageNumber >= 0 && last - pageNumber < 50; pageNumber--) {
        const trail = await read(`/api/audits/${id}/events?page=${pageNumber}&size=${size}`);
        if (!trail) break;
        found.unshift(...trail.content.filter(e => e.sequenceNumber > version));
        if (trail.content.length === 0 || trail.content[0].sequenceNumber <= version) break;
    }
    return found;
}

function setupConflictPanel() {
    const panel = document.getElementById('conflict');
    if (!panel) return;
    document.getElementById('conflict-reapply').addEventListener('click', async () => {
        if (!pendingRetry) return;
        const { retry, current, from } = pendingRetry;
        pendingRetry = null;
        panel.hidden = true;
        // The sheet at the version that refused the change at least, so that what the rows rest on includes it.
        const card = current !== null ? await scorecardAt(page.auditId, current)
            : await read(`/api/audits/${encodeURIComponent(page.auditId)}/scorecard`);
        page.setVersion(current ?? card?.version ?? page.version);
        // What the panel listed is seen: rows resting on its first version or later go on from the latest.
        if (card) refreshSheet(card, { keepDirty: true, acknowledgedFrom: from });
        if (await retry() === CANCELLED) {
            // The reason dialog was cancelled: the panel, with its way to discard the change, stays.
            pendingRetry = { retry, current, from };
            panel.hidden = false;
            document.getElementById('conflict-reapply').focus();
        }
    });
    document.getElementById('conflict-discard').addEventListener('click', () => leave(() => location.reload()));
}

// --- generic command forms -----------------------------------------------------------------------------

/**
 * A field whose letters the command side takes in capitals only (data-upper-case: a new project's number, which it
 * refuses with lower-case letters, open.project-number-upper-case) capitalises the ASCII letters as they are typed,
 * keeping the caret, so that nobody meets the refusal. Other letters stay as typed, for the command side to refuse:
 * capitalising the dotless i would turn a character the number may not have into an I it may.
 */
function setupUpperCase() {
    document.querySelectorAll('input[data-upper-case]').forEach(input => {
        input.addEventListener('input', () => {
            const upper = input.value.replace(/[a-z]+/g, letters => letters.toUpperCase());
            if (upper === input.value) return;
            const { selectionStart, selectionEnd } = input;
            input.value = upper;
            input.setSelectionRange(selectionStart, selectionEnd);
        });
    });
}

/**
 * A form's parts that belong to one outcome (data-for-outcome="RETURN": a review's findings, its note on an acceptance)
 * are shown, and sent, only while that outcome is chosen: the command side refuses the other's fields rather than
 * dropping them, so a hidden field is also disabled and left out of the body.
 */
function setupOutcomeParts() {
    document.querySelectorAll('form[data-command]').forEach(form => {
        const outcome = form.elements.namedItem('outcome');
        const parts = form.querySelectorAll('[data-for-outcome]');
        if (!outcome || parts.length === 0) return;
        const show = () => parts.forEach(part => {
            const chosen = part.dataset.forOutcome === outcome.value;
            part.hidden = !chosen;
            part.querySelectorAll('input, textarea, select').forEach(field => { field.disabled = !chosen; });
        });
        outcome.addEventListener('change', show);
        show();
    });
}

/**
 * A form whose day the command side judges (data-certificate-day names the field): a report, an acceptance or return by
 * technical review, a decision. The day picked is first held against the command side's date rules the form lists in
 * the order it judges them (data-day-bounds, DayBound on the server: not after today, field.not-after-today; a report
 * not before the visit began nor before the team's latest pledge, recommendation.report-before-on-site and
 * report-before-pledge; a review not before the report, review.before-report; a decision not before its acceptance,
 * decision.before-review), whatever the certificate: an initial audit's, with no certificate to look up, is checked
 * too. Then, for a decision, and a surveillance's report and acceptance, which no decision could follow on a day the
 * certificate is in none of the statuses a decision needs, it is looked up in the certificate register
 * (GET /api/certificates/{number}?asOf=, the fold the command side decides by) and, when the certificate does not have
 * a status the form needs then (data-certificate-statuses on the outcome chosen, else on the form:
 * CertificateStatus.requiredToDecide for a decision, requiredToDecideAtAll for a report or an acceptance; none, no
 * check, as for a return), the command side's own rule sentence (data-certificate-rule, certificate.status by default;
 * certificate.not-issued for a decision on a day before the issue) is said next to the day, as its refusal would be.
 * form.dayRefused is the latest check: the form asks no confirmation, and sends nothing, while it refuses the day. A
 * register that cannot answer leaves the judging to the command side, and so does a day the form takes: the command
 * side's problem, if it refuses anyway, is shown as any other. A decision's day offered follows the outcome picked
 * ({@link offerDay}).
 */
function setupCertificateDay() {
    document.querySelectorAll('form[data-certificate-day]').forEach(form => {
        const day = form.elements.namedItem(form.dataset.certificateDay);
        const outcome = form.elements.namedItem('outcome');
        if (!day) return;
        const slot = problemSlot(form, day.name);
        const offer = offerDay(form, day, outcome);
        const rule = form.dataset.certificateRule || 'certificate.status';
        const bounds = dayBounds(form);
        // The rules said next to the day by this check, which a later check takes back (not the command side's others).
        const rules = [rule, 'certificate.not-issued', ...bounds.map(bound => bound.code)];
        let asked = 0;
        const check = () => {
            const mine = ++asked;
            form.dayRefused = (async () => {
                const statuses = outcome ? outcome.selectedOptions?.[0]?.dataset.certificateStatuses
                    : form.dataset.certificateStatuses;
                const allowed = (statuses || '').split(' ').filter(Boolean);
                const error = boundRefusal(bounds, day) ?? (day.value && allowed.length && form.dataset.certificate
                    ? await certificateRefusal(form.dataset.certificate, day.value, allowed, rule, day.name) : null);
                if (mine === asked) showDayRefusal(day, slot, error, rules);
                return error !== null;
            })();
        };
        day.addEventListener('change', check);
        day.addEventListener('input', check);
        outcome?.addEventListener('change', () => { offer(); check(); });
        check();
    });
}

/** A form's date rules (data-day-bounds, a JSON array); none when it lists none or they do not read. */
function dayBounds(form) {
    try {
        const bounds = JSON.parse(form.dataset.dayBounds || '[]');
        return Array.isArray(bounds) ? bounds : [];
    } catch (e) {
        return [];
    }
}

/**
 * The command side's refusal of the day by the first of the form's date rules it breaks (a day before a bound's
 * earliest or after its latest), its arguments the rule's with the day picked under its field's name; else null. Days
 * are ISO dates (yyyy-mm-dd, as a date field gives its value), which compare as text. The error carries the type of
 * the command side's problem (invalid-input for a day after today, broken-rule for the others).
 */
function boundRefusal(bounds, day) {
    if (!day.value) return null;
    const broken = bounds.find(bound => (bound.earliest && day.value < bound.earliest)
        || (bound.latest && day.value > bound.latest));
    return broken ? { code: broken.code, problem: broken.problem,
        arguments: { ...broken.arguments, [day.name]: day.value } } : null;
}

/**
 * The day a decision form offers for the outcome picked: each outcome names its own (data-default-day: today, else the
 * nearest day the command side takes, else none, OfferedDay on the server), so that picking another outcome puts that
 * outcome's day in the field as long as the field holds the day offered; a day the decider picked stays. The outcome's
 * sentence saying why its day is not today (data-day-hint-for) is shown, and the others hidden, whatever the day in the
 * field. Answers the function that does so for the outcome now picked.
 */
function offerDay(form, day, outcome) {
    const hints = [...form.querySelectorAll('[data-day-hint-for]')];
    // A review's outcomes offer no day of their own: its day stays whichever is picked.
    if (!outcome || (hints.length === 0 && !form.querySelector('option[data-default-day]'))) return () => {};
    let offered = day.value;
    return () => {
        const next = outcome.selectedOptions?.[0]?.dataset.defaultDay ?? '';
        if (day.value === offered) day.value = next;
        offered = next;
        const why = hints.find(hint => hint.dataset.dayHintFor === outcome.value);
        hints.forEach(hint => { hint.hidden = hint !== why; });
        if (why) day.setAttribute('aria-describedby', why.id);
        else day.removeAttribute('aria-describedby');
    };
}

/**
 * The command side's refusal ({@code rule}) of the act its form dates {@code day} in the field {@code field}, as the
 * register has the certificate then; else null. The arguments are the rule's: the day under its own name and as
 * {@code day}, the audit of the page.
 */
async function certificateRefusal(number, day, allowed, rule, field) {
    let response;
    try {
        response = await fetch(`/api/certificates/${encodeURIComponent(number)}?asOf=${encodeURIComponent(day)}`,
            { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
    } catch (e) {
        return null;
    }
    if (response.status === 404) {
        // Before the issue: a decision's own rule. A report or a review on a surveillance comes after its certificate
        // was issued (the lineage had it on the first on-site day): the command side judges what else this could be.
        return rule === 'certificate.status' ? { code: 'certificate.not-issued', arguments: { certificate: number, day } }
            : null;
    }
    if (!response.ok || !isJson(response)) return null;
    const certificate = await response.json();
    if (allowed.includes(certificate.status)) return null;
    return {
        code: rule, arguments: {
            certificate: certificate.number, status: certificate.status, day, [field]: day, audit: page.auditId,
            allowed, validFrom: certificate.validFrom, validUntil: certificate.validUntil
        }
    };
}

/**
 * Says a day's refusal next to it, as showProblem says the command side's, or takes back one of {@code rules} said
 * there before.
 */
function showDayRefusal(day, slot, error, rules) {
    const shown = slot?.dataset.rule;
    if (error) {
        const problem = { type: `urn:certaudit:problem:${error.problem || 'broken-rule'}` };
        if (slot) {
            slot.textContent = problemText(problem, errorText(error));
            slot.dataset.kind = kindOf(problem);
            slot.dataset.rule = error.code;
        }
        day.setAttribute('aria-invalid', 'true');
    } else if (rules.includes(shown)) {
        slot.textContent = '';
        delete slot.dataset.rule;
        day.removeAttribute('aria-invalid');
    }
}

/**
 * The open form's type follows the project's certificate's state on the first on-site day entered (NextAudit): the
 * page is asked again with that day (onSiteFrom), and its suggestion (o-type-hint's data-suggested-type) and the
 * sentence saying why replace these; the type is set to it until the admin picks another type themselves. The command
 * side judges the type sent.
 */
function setupSuggestedType() {
    const form = document.getElementById('open-audit');
    const hint = document.getElementById('o-type-hint');
    const type = form?.elements.namedItem('type');
    const from = form?.elements.namedItem('onSiteFrom');
    if (!hint || !type || !from) return;
    let followed = type.value;
    let asked = 0;
    from.addEventListener('change', async () => {
        const mine = ++asked;
        const address = new URL(location.href);
        if (from.value) address.searchParams.set('onSiteFrom', from.value);
        else address.searchParams.delete('onSiteFrom');
        let fresh;
        try {
            const response = await fetch(address, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } });
            if (!response.ok) return;
            fresh = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('o-type-hint');
        } catch (e) {
            return;
        }
        if (mine !== asked || !fresh) return;
        hint.textContent = fresh.textContent.trim();
        const suggested = fresh.dataset.suggestedType || '';
        hint.dataset.suggestedType = suggested;
        if (suggested && type.value === followed) {
            type.value = suggested;
            followed = suggested;
        }
    });
}

/**
 * The question a form asks before it sends: its data-confirm; for a recommendation (which closes the audit for its
 * team) and a decision (which puts a certificate on record) the grade or outcome chosen with the total, first saying
 * that the team's pledge timing is questioned (a warning, never a refusal) and, for a recommendation without
 * findings, what the report will lack.
 */
function confirmation(form) {
    const chosen = name => form.elements.namedItem(name)?.selectedOptions?.[0]?.textContent?.trim() ?? '';
    const shown = id => document.getElementById(id)?.textContent?.trim() ?? '';
    const before = (notes, question) => [...notes.filter(note => note), question].join('\n\n');
    if (form.dataset.confirmKind === 'recommend') {
        return before([shown('recommend-pledge-timing'), shown('recommend-no-findings')],
            t('js.confirm.recommend', chosen('grade'), shown('computed-total')));
    }
    if (form.dataset.confirmKind === 'decision') {
        return before([shown('decision-pledge-timing')],
            t('js.confirm.decision', chosen('outcome'), shown('computed-total'), shown('computed-grade')));
    }
    return form.dataset.confirm;
}

function setupForms() {
    document.querySelectorAll('form[data-command]').forEach(form => {
        form.addEventListener('submit', async event => {
            event.preventDefault();
            // A day the certificate's status rules out is said, not confirmed and sent.
            if (form.dayRefused && await form.dayRefused) {
                form.elements.namedItem(form.dataset.certificateDay)?.focus();
                return;
            }
            // A change that cannot be taken back in one step (a member removed, a recommendation, a decision) is
            // confirmed first.
            const question = confirmation(form);
            if (question && !window.confirm(question)) return;
            const button = form.querySelector('button[type="submit"]');
            const key = newKey();
            const run = async () => {
                if (button) button.disabled = true;
                clearProblems(form);
                let path = form.dataset.path;
                if (form.dataset.query) {
                    const value = form.elements[form.dataset.query]?.value?.trim();
                    if (value) path += `?${form.dataset.query}=${encodeURIComponent(value)}`;
                }
                const method = form.dataset.method;
                const body = method === 'DELETE' ? undefined : formJson(form);
                const ifMatch = form.dataset.ifMatch === 'none' ? null : page.version;
                const result = await command(method, path, body, { ifMatch, key: run.key });
                if (button) button.disabled = false;
                if (result.ok) {
                    if (form.dataset.then === 'open') {
                        await waitForAudit(result.body.auditId, result.body.version);
                        leave(() => { location.href = `/console/audits/${encodeURIComponent(result.body.auditId)}`; });
                        return;
                    }
                    if (form.dataset.then === 'lineage') {
                        await waitForCertificateChange(form.dataset.project, Number(form.dataset.changes));
                        leave(() => location.reload());
                        return;
                    }
                    setSync('saving');
                    page.setVersion(result.body.version);
                    await waitForAudit(page.auditId, result.body.version);
                    leave(() => location.reload());
                } else if (result.status === 412) {
                    await showConflict(result.problem, () => { run.key = newKey(); return run(); });
                } else if (!await closedMeanwhile(result)) {
                    showProblem(form, result.problem);
                }
            };
            run.key = key;
            await run();
        });
    });
}

/** Waits until the project's lineage on the query side lists more certificate changes than the page showed. */
async function waitForCertificateChange(projectNumber, shown) {
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
        const lineage = await read(`/api/projects/${encodeURIComponent(projectNumber)}/lineage`);
        if (lineage && lineage.certificateChanges.length > shown) return;
        await sleep(100);
    }
}

/**
 * Waits until the query side has an audit at a version (or later) in both read models a page shows (the
 * audit and its scorecard, projected separately), so that a reload shows the change.
 */
async function waitForAudit(auditId, version) {
    const id = encodeURIComponent(auditId);
    const deadline = Date.now() + 15000;
    for (const path of [`/api/audits/${id}`, `/api/audits/${id}/scorecard`]) {
        while (Date.now() < deadline) {
            const model = await read(path);
            if (model && model.version >= version) break;
            await sleep(100);
        }
    }
}

// --- the scoring sheet ------------------------------------------------------------------------------------

const rows = () => Array.from(document.querySelectorAll('#sheet tr.item'));
const decimal = value => (value === null || value === undefined || value === '' ? '' : String(value));
/** A total as GB/T 27922 gives it and the pages print it (ConsoleTotals): two decimals, half up; 145.3 is 145.30. */
const totalText = value => {
    if (value === null || value === undefined || value === '') return '';
    const number = Number(value);
    // The server's totals have two decimals at most; the epsilon keeps 145.3 * 100 (14529.999...) from rounding down.
    return (Math.sign(number) * Math.round(Math.abs(number) * 100 + 1e-9) / 100).toFixed(2);
};

function saved(row) {
    return {
        percent: row.dataset.percent || '',
        notApplicable: row.dataset.na === 'true',
        naReason: row.dataset.naReason || '',
        note: row.dataset.note || ''
    };
}

function typed(row) {
    return {
        percent: asciiPercent(row.querySelector('.percent').value),
        notApplicable: row.querySelector('.na').checked,
        naReason: row.querySelector('.na-reason').value.trim(),
        note: row.querySelector('.note').value.trim()
    };
}

/**
 * A percent as typed, in ASCII: the full-width digits and full stop of a Chinese input method (９７．５, or 97。5) and a
 * decimal comma (97,5 or 97，5) read as 97.5, and a percent sign after the number (95%, 95％) left off, as the sheet's
 * hint says.
 */
export function asciiPercent(text) {
    return String(text ?? '').trim()
        .replace(/\s*[%\uFF05]$/, '')
        .replace(/[\uFF10-\uFF19]/g, c => String.fromCharCode(c.charCodeAt(0) - 0xFF10 + 0x30))
        .replace(/[\uFF0E\u3002]/g, '.')
        .replace(/^(\d+)[,\uFF0C](\d+)$/, '$1.$2');
}

/**
 * What the command side would refuse in a percent (Percent: a number from 0 to 100 with at most two decimals), as its
 * rule: null when it takes it. Said before a revision's reason is asked, which is never asked for a value refused.
 */
function percentRule(percent) {
    if (percent === '') return { code: 'field.required', arguments: {}, message: 'is required' };
    if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(percent)) {
        return { code: 'field.not-a-number', arguments: { value: percent }, message: 'is not a number' };
    }
    const number = Number(percent);
    if (number < 0) return { code: 'field.min', arguments: { value: 0 }, message: 'must be between 0 and 100' };
    if (number > 100) return { code: 'field.max', arguments: { value: 100 }, message: 'must be between 0 and 100' };
    if ((/\.(\d*)$/.exec(percent)?.[1] || '').replace(/0+$/, '').length > 2) {
        return { code: 'field.decimals', arguments: { fraction: 2 }, message: 'must have at most 2 decimals' };
    }
    return null;
}

/** The first thing in a row the command side would refuse, with the field it names; null when there is none. */
function rowRule(row) {
    const s = saved(row), d = typed(row);
    if (d.notApplicable) {
        return d.naReason === '' ? { field: 'reason', code: 'field.required', arguments: {}, message: 'is required' } : null;
    }
    // Restored without a score: only restored, which needs nothing more.
    if (s.notApplicable && d.percent === '') return null;
    const rule = percentRule(d.percent);
    if (rule) return { field: 'percent', ...rule };
    return d.note === '' ? { field: 'note', code: 'field.required', arguments: {}, message: 'is required' } : null;
}

/** Says a row's refused value next to its field, as the command side's problem would. */
function showRowRule(row, error) {
    const problemRow = document.querySelector(`tr[data-problem-row="${cssEscape(row.dataset.clause)}"]`);
    if (problemRow) { clearProblems(problemRow); problemRow.hidden = true; }
    showProblem(row, { type: 'urn:certaudit:problem:invalid-input', errors: [error] },
        problemRow?.querySelector('.problem'));
}

function dirty(row) {
    const s = saved(row), d = typed(row);
    if (d.notApplicable !== s.notApplicable) return true;
    // A not applicable item's reason is revised on its own (PUT .../not-applicable again).
    if (d.notApplicable) return d.naReason !== s.naReason;
    return !samePercent(d.percent, s.percent) || d.note !== s.note;
}

const samePercent = (a, b) => (a === '' || b === '' || percentRule(a) || percentRule(b)) ? a === b : Number(a) === Number(b);

function setRowState(row, state, text) {
    row.dataset.state = state;
    row.querySelector('.state').textContent = text ?? t('js.state.' + state);
}

/**
 * The bar's word for the sheet as its rows stand: saving while a row's change is on its way or not yet shown, unsaved
 * while a row differs from what is saved or was refused, else all saved. A row left "unsaved" whose boxes now equal
 * what is saved (put back by hand, or saved meanwhile) is clean again, so that the row and the bar never disagree.
 */
function updateSync() {
    const all = rows();
    for (const row of all) {
        if (['draft', 'failed'].includes(row.dataset.state) && !dirty(row)) {
            setRowState(row, 'clean', '');
            clearRowProblems(row);
        }
    }
    if (all.some(r => ['queued', 'saving', 'committed'].includes(r.dataset.state))) setSync('saving');
    else setSync(all.some(r => dirty(r) || r.dataset.state === 'conflict') ? 'draft' : 'saved');
}

function clearRowProblems(row) {
    clearProblems(row);
    const problemRow = document.querySelector(`tr[data-problem-row="${cssEscape(row.dataset.clause)}"]`);
    if (problemRow) { clearProblems(problemRow); problemRow.hidden = true; }
}

function setSync(state) {
    const element = document.getElementById('sync-state');
    if (!element) return;
    element.dataset.state = state;
    element.textContent = t('js.sync.' + state);
}

let previewTimer = null;

function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(preview, 150);
}

/**
 * Totals with the drafts on screen, scored on the server by the scheme's rules. A draft the rules refuse (a percent
 * above 100, say) is shown as refused on its row at once and left out, so the other drafts still count.
 */
let previewRun = 0;

async function preview() {
    // A later run (the user typed on) supersedes this one: only the latest draws totals or marks rows.
    const run = ++previewRun;
    const refused = new Set();
    // A percent the command side would refuse (95%, 150, 97.255) is said on its row at once, as saving it would say it.
    for (const row of rows().filter(dirty)) {
        const d = typed(row);
        const rule = d.notApplicable || d.percent === '' ? null : percentRule(d.percent);
        if (!rule) continue;
        refused.add(row);
        row.dataset.previewRefused = 'true';
        row.querySelector('.earned').textContent = '?';
        showRowRule(row, { field: 'percent', ...rule });
    }
    let drafts = [];
    for (let attempt = 0; attempt < 10; attempt++) {
        drafts = rows().filter(dirty).filter(row => !refused.has(row)).map(row => {
            const d = typed(row);
            // A not applicable item has no percent: one left typed in its row is not sent (the server refuses both).
            return { clause: row.dataset.clause, notApplicable: d.notApplicable,
                percent: d.notApplicable || d.percent === '' ? null : Number(d.percent) };
        });
        const headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
        if (csrfHeader && csrfToken) headers[csrfHeader] = csrfToken;
        const response = await fetch(`/console/audits/${encodeURIComponent(page.auditId)}/preview`, {
            method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify({ items: drafts })
        });
        if (run !== previewRun) return;
        if (response.ok) {
            const result = await response.json();
            if (run !== previewRun) return;
            // The totals bar keeps the saved totals; what the drafts would make of them is said beside it.
            renderDraftTotals(drafts.length > 0 ? result : null);
            for (const row of rows()) {
                if (refused.has(row)) continue;
                if (row.dataset.previewRefused) {
                    delete row.dataset.previewRefused;
                    clearRowProblems(row);
                }
                const earned = result.earned[row.dataset.clause];
                row.querySelector('.earned').textContent = row.querySelector('.na').checked ? '—' : decimal(earned);
            }
            break;
        }
        const problem = await response.json().catch(() => null);
        if (run !== previewRun) return;
        const named = problem?.parameter || problem?.errors?.[0]?.field || '';
        const clause = /^items\[(.+)\]$/.exec(named)?.[1];
        const row = clause && rows().find(r => r.dataset.clause === clause || r.dataset.code === clause);
        if (!row) break;
        refused.add(row);
        row.dataset.previewRefused = 'true';
        row.querySelector('.earned').textContent = '?';
        showProblem(row, { ...problem, parameter: undefined,
            errors: (problem.errors || [{ message: problem.detail }]).map(e => ({ ...e, field: 'percent' })) });
    }
    if (!rows().some(dirty)) renderDraftTotals(null);
    updateSync();
}

/** The total and grade the drafts on screen would make, beside the saved ones; nothing when there are none. */
function renderDraftTotals(result) {
    const element = document.getElementById('draft-totals');
    if (!element) return;
    // Drafts that leave the total and grade as saved (evidence typed, a reason revised) need no second total.
    const same = result && totalText(result.total) === document.getElementById('total')?.textContent
        && result.grade === document.getElementById('grade')?.dataset.grade;
    if (same) result = null;
    element.hidden = !result;
    element.textContent = result ? t('js.draft.totals', totalText(result.total),
        gradeText(result.grade, result.complete, Number(document.getElementById('grade-why')?.dataset.deductions ?? 0))) : '';
    if (result) element.dataset.total = totalText(result.total);
    else delete element.dataset.total;
}

/** Whether five special deductions (the totals bar's data-deductions-limit) rule a grade out whatever is left to score. */
function deductionsPreventGrade(deductions) {
    const limit = Number(document.getElementById('grade-why')?.dataset.deductionsLimit);
    return Number.isFinite(limit) && deductions >= limit;
}

/**
 * A grade in words as ConsoleTotals.gradeKey gives it: the grade once every item is scored or marked not applicable (or
 * the deductions rule one out), before that provisional, and "to be determined" instead of GB/T 27922's "not graded"
 * for a total that only the unscored items hold down.
 */
function gradeText(grade, complete, deductions) {
    if (complete || deductionsPreventGrade(deductions)) return t('grade.' + grade);
    return grade === 'NOT_GRADED' ? t('js.gradeOpen') : t('js.gradeProvisional', t('grade.' + grade));
}

/** The items of a scorecard the API answers that are neither scored nor marked not applicable. */
const unscored = card => (card.items || []).filter(item => (item.percent === null || item.percent === undefined)
    && !item.notApplicable).length;

function renderTotals(total, grade, parts, sections, complete, deductions, left) {
    document.getElementById('total').textContent = totalText(total);
    const gradeElement = document.getElementById('grade');
    gradeElement.textContent = gradeText(grade, complete, deductions);
    gradeElement.dataset.grade = grade;
    const why = document.getElementById('grade-why');
    if (why && deductions !== undefined) {
        why.dataset.deductions = String(deductions);
        why.textContent = grade !== 'NOT_GRADED' || !(complete || deductionsPreventGrade(deductions)) ? ''
            : deductionsPreventGrade(deductions) ? t('js.notGraded.deductions', deductions) : t('js.notGraded.total');
    }
    const computed = document.getElementById('computed-grade');
    if (computed) computed.textContent = gradeText(grade, complete, deductions);
    // The recommendation's grade follows the scores until the leader picks one.
    const recommended = document.getElementById('r-grade');
    if (recommended && !recommended.dataset.chosen && [...recommended.options].some(o => o.value === grade)) {
        recommended.value = grade;
    }
    const computedTotal = document.getElementById('computed-total');
    if (computedTotal) computedTotal.textContent = totalText(total);
    for (const part of parts || []) {
        document.querySelectorAll(`.part-earned[data-part="${part.number}"]`).forEach(e => { e.textContent = decimal(part.earned); });
        document.querySelectorAll(`.part-max[data-part="${part.number}"]`).forEach(e => { e.textContent = decimal(part.applicableMaximum); });
    }
    for (const section of sections || []) {
        document.querySelectorAll(`.section-earned[data-section="${section.number}"]`).forEach(e => { e.textContent = decimal(section.earned); });
        document.querySelectorAll(`.section-max[data-section="${section.number}"]`).forEach(e => { e.textContent = decimal(section.applicableMaximum); });
    }
    const completeElement = document.getElementById('complete');
    if (completeElement) {
        completeElement.dataset.complete = String(complete);
        completeElement.dataset.unscored = String(left);
        completeElement.textContent = complete ? t('js.complete') : t('js.incomplete', left);
    }
}

/**
 * The version a row's saved values are known at: an item change is sent with it as If-Match, so that the command side
 * refuses it only when that item (or the team, or the audit's state) changed since.
 */
const rowVersion = row => Number(row.dataset.seenAt ?? page.version);

/** The sheet as the query side now has it; rows being edited keep what the user typed. */
function refreshSheet(card, { keepDirty, acknowledgedFrom = null }) {
    const byClause = new Map(card.items.map(item => [item.clause, item]));
    for (const row of rows()) {
        const item = byClause.get(row.dataset.clause);
        if (!item || Number(row.dataset.savedAt || -1) > card.version) continue;
        const wasDirty = dirty(row);
        const naReason = item.notApplicable ? item.reason || '' : '';
        const changed = !samePercent(row.dataset.percent, decimal(item.percent)) || row.dataset.na !== String(item.notApplicable)
            || row.dataset.note !== (item.note || '') || (row.dataset.naReason || '') !== naReason;
        // A row being edited on a value that changed meanwhile keeps its version, until it is saved or the conflict
        // panel has listed what changed since that version: saving it first is a conflict to show.
        if (keepDirty && wasDirty && changed) row.dataset.stale = 'true';
        if (!wasDirty) delete row.dataset.stale;
        const acknowledged = acknowledgedFrom !== null && rowVersion(row) >= acknowledgedFrom;
        if (acknowledged) delete row.dataset.stale;
        if (!row.dataset.stale) row.dataset.seenAt = String(card.version);
        // Of a row being edited, the boxes the user left as they were follow the new values (a note someone else
        // revised is not sent back as it was); what the user typed stays.
        const untouched = keepDirty && wasDirty ? {
            percent: samePercent(typed(row).percent, row.dataset.percent || ''),
            note: typed(row).note === (row.dataset.note || ''),
            naReason: typed(row).naReason === (row.dataset.naReason || '')
        } : null;
        row.dataset.percent = decimal(item.percent);
        row.dataset.na = String(item.notApplicable);
        row.dataset.note = item.note || '';
        row.dataset.naReason = naReason;
        if (!(keepDirty && wasDirty)) {
            row.querySelector('.percent').value = decimal(item.percent);
            row.querySelector('.na').checked = item.notApplicable;
            row.querySelector('.note').value = item.note || '';
            row.querySelector('.na-reason').value = naReason;
            toggleNa(row);
        } else {
            if (untouched.percent) row.querySelector('.percent').value = decimal(item.percent);
            if (untouched.note) row.querySelector('.note').value = item.note || '';
            if (untouched.naReason) row.querySelector('.na-reason').value = naReason;
        }
        row.querySelector('.earned').textContent = item.notApplicable ? '—' : decimal(item.earned);
    }
    followSpecialClauses();
    renderTotals(card.total, card.grade, card.parts, card.sections, card.complete, card.deductions, unscored(card));
}

/**
 * The special-item form offers only the items that are scored (GB/T 27922: a not-applicable item is left out of the
 * scoring and takes no special item; the command side refuses one with special.item-not-applicable). As the sheet's
 * items are marked not applicable or restored, their clauses are listed, not offered, with the reason given, or offered
 * again; a clause picked that is no longer offered is taken back, and the rule said next to it.
 */
function followSpecialClauses() {
    const select = document.getElementById('s-clause');
    if (!select) return;
    const byClause = new Map(rows().map(row => [row.dataset.clause, row]));
    for (const option of select.options) {
        const row = byClause.get(option.value);
        if (!row) continue;
        const na = row.dataset.na === 'true';
        if (na && option.selected) {
            select.value = '';
            showProblem(select.form, { type: 'urn:certaudit:problem:broken-rule', errors: [{ field: 'clause',
                code: 'special.item-not-applicable', arguments: { clause: option.value, audit: page.auditId } }] });
        }
        option.disabled = na;
        option.textContent = na ? t('special.clauseNotApplicable', option.dataset.label, row.dataset.naReason)
            : option.dataset.label;
    }
}

/** A not applicable item shows its reason where the evidence is, and takes no score. */
function toggleNa(row) {
    const na = row.querySelector('.na').checked;
    const canScore = !row.querySelector('.na').disabled;
    row.querySelector('.na-reason').hidden = !na;
    row.querySelector('.note').hidden = na;
    row.querySelector('.percent').disabled = na || !canScore;
}

const reasonDialog = () => document.getElementById('reason-dialog');

/**
 * Asks why a recorded result changes, under the title of the message titleKey; null when the user cancels. With
 * {@code earlier} (a reason the user gave for the same change on a value that has changed since: {@code from}, the
 * value it was written for, and {@code reason}) the dialog says so and offers that reason to confirm or edit.
 */
function askReason(row, from, to, titleKey, earlier = null) {
    const dialog = reasonDialog();
    const textarea = dialog.querySelector('#revise-reason');
    dialog.querySelector('h2').textContent = t(earlier ? 'js.revise.again.title' : titleKey);
    dialog.querySelector('.revise-what').textContent = t('js.revise.what', row.dataset.clause, from, to);
    const again = dialog.querySelector('.revise-again');
    if (again) {
        again.hidden = !earlier;
        again.textContent = earlier ? t('js.revise.again', from, earlier.from, to) : '';
    }
    dialog.querySelector('#revise-problem').textContent = '';
    textarea.value = earlier ? earlier.reason : '';
    return new Promise(resolve => {
        const close = () => {
            dialog.removeEventListener('close', close);
            resolve(dialog.returnValue === 'ok' && textarea.value.trim() ? textarea.value.trim() : null);
        };
        dialog.addEventListener('close', close);
        dialog.returnValue = '';
        dialog.showModal();
        textarea.focus();
    });
}

/** What {@link plan} answers for a row with a value the command side would refuse: said on the row, nothing sent. */
const REFUSED = Object.freeze({ refused: true });

/**
 * What saving a row amounts to: mark not applicable, revise a not applicable item's reason, restore, score or revise
 * (asking the reason for a restore or a revision first). The values are checked before any reason is asked: a value
 * the command side would refuse (out of range, no number, emptied) is said on its row and {@link REFUSED} answered.
 * Null when there is nothing to save or the user cancelled.
 */
async function plan(row) {
    if (!dirty(row) || ['queued', 'saving'].includes(row.dataset.state)) return null;
    const clause = row.dataset.clause;
    const path = `/api/audits/${encodeURIComponent(page.auditId)}/items/${encodeURIComponent(clause)}`;
    const s = saved(row), d = typed(row);
    const rule = rowRule(row);
    if (rule) {
        setRowState(row, 'failed');
        // A percent refused as typed is checked again as it is typed on (the preview), and its words go once it is
        // taken; a missing one's go as it is filled in.
        if (rule.field === 'percent' && rule.code !== 'field.required') row.dataset.previewRefused = 'true';
        showRowRule(row, rule);
        updateSync();
        return REFUSED;
    }
    // What was typed, as it is read (９７．５ is 97.5): the box shows what is saved.
    if (!d.notApplicable && d.percent !== '') row.querySelector('.percent').value = d.percent;
    const steps = [];
    if (d.notApplicable) {
        // Marking, or revising the reason of an item already not applicable: the same PUT, which the command side
        // takes as a revision of the reason when the item is not applicable already.
        steps.push(key => command('PUT', path + '/not-applicable', { reason: d.naReason }, { ifMatch: rowVersion(row), key }));
    } else {
        if (s.notApplicable) {
            // Restoring changes a recorded result too, so it has its reason, asked once with the score it gets.
            const reason = await askReason(row, t('sheet.na'), d.percent === '' ? '—' : d.percent + '%', 'js.restore.title');
            if (reason === null) return null;
            const query = '?reason=' + encodeURIComponent(reason);
            steps.push(async key => {
                const result = await command('DELETE', path + '/not-applicable' + query, undefined, { ifMatch: rowVersion(row), key });
                // Restored, whatever becomes of the score after it: the row is applicable and unscored from now on, so
                // that saving it again scores it instead of restoring it twice.
                if (result.ok) {
                    row.dataset.na = 'false'; row.dataset.percent = ''; row.dataset.naReason = '';
                    followSpecialClauses();
                }
                return result;
            });
        }
        // A restored item without a score typed is only restored; its evidence box still holds the old note.
        if (d.percent !== '') {
            let reason;
            if (s.percent !== '' && !s.notApplicable) {
                // Any change to an existing score needs its reason, which belongs to that one change (from the saved
                // value to the typed one): a re-apply or a retry of the same change keeps it, another change asks again,
                // and so does the same change on a score that changed meanwhile.
                const base = `${s.percent}|${s.note}`, target = `${d.percent}|${d.note}`;
                const given = row.reasonGiven;
                // The same change on a score changed meanwhile (a conflict re-applied): the reason given is offered
                // again, said to be written for the old score, to be confirmed or edited against the current one.
                const earlier = given && given.base !== base && given.target.split('|')[0] === d.percent
                    ? { from: given.base.split('|')[0] + '%', reason: given.reason } : null;
                reason = given?.base === base && given?.target === target ? given.reason
                    : await askReason(row, s.percent + '%', d.percent + '%', 'js.revise.title', earlier);
                if (reason === null) return null;
                row.reasonGiven = { base, target, reason };
            }
            const body = { percent: Number(d.percent), note: d.note };
            if (reason) body.reason = reason;
            steps.push(key => command('PUT', path, body, { ifMatch: rowVersion(row), key }));
        }
    }
    // Restored without a score: an edited note was not sent (a note goes with a score), so it stays a draft.
    const restoredOnly = s.notApplicable && !d.notApplicable && d.percent === '';
    return { row, steps, typed: d, restoredOnly };
}

// Changes go out one after the other: each needs the version the previous one produced.
let queue = Promise.resolve();

/** Queues a planned row; answers whether its changes were all accepted. */
function enqueue(planned) {
    const { row } = planned;
    setRowState(row, 'queued');
    setSync('saving');
    const done = queue.then(() => send(planned));
    queue = done.catch(() => false);
    return done;
}

async function send({ row, steps, typed: d, restoredOnly = false }) {
    setRowState(row, 'saving');
    delete row.dataset.previewRefused;
    const clause = row.dataset.clause;
    const problemRow = document.querySelector(`tr[data-problem-row="${cssEscape(clause)}"]`);
    clearProblems(row);
    if (problemRow) { clearProblems(problemRow); problemRow.hidden = true; }
    let lastVersion = page.version;
    for (const step of steps) {
        // The version the step goes out on (its If-Match), which a refresh of the sheet meanwhile may move on.
        const base = rowVersion(row);
        const result = await step(newKey());
        if (result.ok) {
            const version = result.body.version;
            lastVersion = version;
            row.dataset.seenAt = String(version);
            delete row.dataset.stale;
            if (version - 1 > page.version) {
                // Saved on top of others' changes to other items: the page does not show those, so its version
                // stays, and it says someone else changed the audit.
                showLiveChange(page.version, version - 1);
            } else {
                page.setVersion(version);
            }
            continue;
        }
        if (result.status === 412) {
            setRowState(row, 'conflict');
            setSync('draft');
            // Re-applying starts over from the row as it now stands: a revision asks its reason again,
            // since the score it replaces may now be someone else's.
            await showConflict(result.problem, () => saveRow(row), base);
            return false;
        }
        setRowState(row, 'failed');
        setSync('draft');
        if (await closedMeanwhile(result)) return false;
        const general = problemRow?.querySelector('.problem');
        showProblem(row, result.problem, general);
        if (problemRow) problemRow.hidden = !general?.textContent;
        return false;
    }
    // Accepted: the row now stands as typed; it shows "saved" once the query side's totals include it.
    row.dataset.percent = d.notApplicable ? '' : d.percent;
    row.dataset.na = String(d.notApplicable);
    row.dataset.note = d.notApplicable || restoredOnly ? row.dataset.note : d.note;
    row.dataset.naReason = d.notApplicable ? d.naReason : '';
    followSpecialClauses();
    // The version this row's change made, which the page's own version may lag (saved on others' changes).
    row.dataset.savedAt = String(lastVersion);
    row.reasonGiven = null;
    if (dirty(row)) {
        // Part of the row was not saved (an evidence note typed with a restore but no score): it stays a draft.
        setRowState(row, 'draft');
        setSync('draft');
        awaitShown(lastVersion);
        return true;
    }
    setRowState(row, 'committed');
    awaitShown(lastVersion);
    return true;
}

/** Versions this page's saves made that the query side's scorecard has not shown yet. */
const unshown = new Set();
let followingShown = false;

/**
 * Once the query side has a version, its totals are the sheet's and the rows up to it are saved. One poll of the
 * scorecard serves every save waiting (a sheet scored row after row had a poll per row, each reading the whole scorecard
 * every 400 ms, loading the query side it waited for), and it does not give up: a row accepted by the command side
 * says "saving" until the query side shows it, however far behind that is. A wait that gave up after 15 s (as
 * {@link scorecardAt} does) could leave the last rows saved on a loaded machine saying "saving" for good.
 */
function awaitShown(version) {
    unshown.add(version);
    if (!followingShown) followShown();
}

async function followShown() {
    followingShown = true;
    try {
        let delay = 50;
        let since = Date.now();
        while (unshown.size > 0) {
            const card = await read(`/api/audits/${encodeURIComponent(page.auditId)}/scorecard`).catch(() => null);
            const reached = card ? [...unshown].filter(version => version <= card.version) : [];
            if (reached.length > 0) {
                reached.forEach(version => unshown.delete(version));
                showSaved(card);
                delay = 50;
                since = Date.now();
            } else {
                // Behind for long (the query side down or rebuilding): asked every 2 s instead of every 400 ms.
                delay = Math.min(delay * 2, Date.now() - since < 15000 ? 400 : 2000);
            }
            if (unshown.size > 0) await sleep(delay);
        }
    } finally {
        followingShown = false;
    }
}

/** Shows a scorecard that has reached versions this page's saves made. */
function showSaved(card) {
    // The rows now show the card's version, others' changes to items included; the page's own version (which the
    // findings, special items and team forms rest on) stays until a reload or a conflict shows what else changed.
    refreshSheet(card, { keepDirty: true });
    for (const row of rows()) {
        if (row.dataset.state === 'committed' && Number(row.dataset.savedAt) <= card.version) setRowState(row, 'saved');
    }
    // The drafts' total beside the saved one: gone once nothing is unsaved, else made again on the new saved totals.
    if (rows().some(dirty)) schedulePreview();
    else renderDraftTotals(null);
    updateSync();
}

/** Saves one row; answers whether it was accepted (false when refused), or CANCELLED when its reason was not given. */
async function saveRow(row) {
    const planned = await plan(row);
    if (planned === REFUSED) return false;
    if (planned === null) return dirty(row) ? CANCELLED : true;
    return enqueue(planned);
}

/** Rows whose boxes differ from what is saved (put back by the browser) are drafts, and the page says so. */
function markRestoredDrafts() {
    const restored = rows().filter(row => dirty(row) && !['queued', 'saving', 'draft'].includes(row.dataset.state));
    if (restored.length === 0) return;
    restored.forEach(row => { toggleNa(row); setRowState(row, 'draft'); });
    setSync('draft');
    schedulePreview();
}

function setupSheet() {
    const sheet = document.getElementById('sheet');
    if (!sheet) return;
    document.getElementById('r-grade')?.addEventListener('change', event => { event.target.dataset.chosen = 'true'; });
    // Back to this page, the browser may put back what was typed and not saved: shown as drafts, not as saved.
    window.addEventListener('pageshow', markRestoredDrafts);
    markRestoredDrafts();
    // Leaving with drafts or saves on their way asks first (the browser's own words).
    window.addEventListener('beforeunload', event => {
        if (leaving) return;
        if (own.inFlight > 0 || rows().some(row => dirty(row) || ['queued', 'saving'].includes(row.dataset.state))) {
            event.preventDefault();
            event.returnValue = '';
        }
    });
    sheet.addEventListener('input', event => {
        const row = event.target.closest('tr.item');
        if (!row) return;
        if (event.target.classList.contains('na')) toggleNa(row);
        // A field said to be missing is being filled in: what was said about it goes.
        if (event.target.getAttribute('aria-invalid') === 'true' && event.target.value.trim() !== '') {
            event.target.removeAttribute('aria-invalid');
            const slot = event.target.closest('td')?.querySelector(`[data-problem-for="${cssEscape(event.target.name)}"]`);
            if (slot) slot.textContent = '';
        }
        setRowState(row, dirty(row) ? 'draft' : 'clean', dirty(row) ? undefined : '');
        schedulePreview();
    });
    sheet.addEventListener('change', event => {
        const row = event.target.closest('tr.item');
        if (row && event.target.classList.contains('na')) { naToggled(row); schedulePreview(); }
    });
    sheet.addEventListener('keydown', async event => {
        const row = event.target.closest('tr.item');
        if (!row || event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
        event.preventDefault();
        const planned = await plan(row);
        // A value refused on the row keeps the focus there, on the field it names.
        if (planned === REFUSED) {
            row.querySelector('[aria-invalid="true"]:not([hidden]):not(:disabled)')?.focus();
            return;
        }
        if (planned !== null) enqueue(planned);
        if (planned !== null || !dirty(row)) focusNext(row);
    });
    sheet.addEventListener('click', async event => {
        const row = event.target.closest('tr.item');
        if (!row) return;
        if (event.target.classList.contains('save')) {
            event.target.disabled = true;
            await saveRow(row);
            event.target.disabled = false;
        } else if (event.target.classList.contains('history')) {
            openHistory(row.dataset.clause, event.target);
        }
    });
}

/**
 * Not applicable ticked or unticked: the reason takes the evidence's place (and the focus, when ticked), and what the
 * row said about the other state (a reason required, a percent refused) no longer applies.
 */
function naToggled(row) {
    toggleNa(row);
    clearRowProblems(row);
    if (row.dataset.state === 'failed') setRowState(row, dirty(row) ? 'draft' : 'clean', dirty(row) ? undefined : '');
    if (row.querySelector('.na').checked) row.querySelector('.na-reason').focus();
    updateSync();
}

function focusNext(row) {
    const all = rows();
    const next = all.slice(all.indexOf(row) + 1).find(r => !r.querySelector('.percent').disabled)
        || all.slice(all.indexOf(row) + 1)[0];
    next?.querySelector('.percent:not(:disabled), .note:not([hidden]), .na-reason:not([hidden])')?.focus();
}

// --- the history drawer ---------------------------------------------------------------------------------

async function openHistory(clause, opener) {
    const drawer = document.getElementById('drawer');
    const response = await fetch(`/console/audits/${encodeURIComponent(page.auditId)}/items/${encodeURIComponent(clause)}/history`,
        { credentials: 'same-origin', headers: { 'X-Console-Drawer': '1' } });
    if (response.ok && !response.redirected) {
        drawer.innerHTML = await response.text();
    } else {
        // An unknown item, an ended session (the sign-in page) or a failure: say so, with a way to close.
        const body = document.createElement('div');
        body.className = 'drawer-body';
        const header = document.createElement('header');
        const title = document.createElement('h2');
        title.textContent = clause;
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'drawer-close';
        button.textContent = t('js.close');
        header.append(title, button);
        const message = document.createElement('p');
        message.className = 'problem';
        message.setAttribute('role', 'alert');
        message.textContent = response.redirected ? t('js.signedOut') : t('js.history.failed');
        body.append(header, message);
        drawer.replaceChildren(body);
    }
    drawer.hidden = false;
    const close = drawer.querySelector('.drawer-close');
    close.addEventListener('click', () => { drawer.hidden = true; opener?.focus(); });
    close.focus();
}

document.addEventListener('keydown', event => {
    const drawer = document.getElementById('drawer');
    if (event.key === 'Escape' && drawer && !drawer.hidden) drawer.hidden = true;
});

// --- the as-of page -----------------------------------------------------------------------------------------

function setupAsOf() {
    const slider = document.getElementById('version-slider');
    if (!slider) return;
    const output = document.getElementById('version-output');
    const form = document.getElementById('as-of-form');
    const at = document.getElementById('at');
    const atIso = document.getElementById('at-iso');
    if (at.dataset.value) at.value = at.dataset.value;
    slider.addEventListener('input', () => { output.textContent = slider.value; slider.setAttribute('aria-valuetext', slider.value); });
    slider.addEventListener('change', () => { at.value = ''; atIso.value = ''; form.requestSubmit(); });
    form.addEventListener('submit', () => {
        // The picker's value is a time of day on the certification body's clock, which the server reads in its
        // zone (the label names it), not the browser's; with a moment given, the version slider gives way.
        atIso.value = at.value;
        slider.disabled = Boolean(at.value);
        if (!atIso.value) atIso.disabled = true;
    });
}

// --- live: someone else's change, as the query side pushes it ------------------------------------------

let liveNotices = 0;

/**
 * Says that the audit changed after version {@code from} (up to {@code to}) by someone else, or by this user in another
 * tab or on another device, with a way to reload. A later notice replaces one still waiting for the trail.
 */
async function showLiveChange(from, to) {
    const panel = document.getElementById('live-change');
    const conflict = document.getElementById('conflict');
    if (!panel || (conflict && !conflict.hidden)) return;
    const notice = ++liveNotices;
    const mine = await ownChangesBetween(from, to);
    // A later version's notice, or a conflict panel, came meanwhile: that one speaks.
    if (notice !== liveNotices || (conflict && !conflict.hidden)) return;
    panel.querySelector('h2').textContent = t(mine ? 'js.conflict.title.own' : 'js.conflict.title');
    panel.querySelector('.live-summary').textContent = t(mine ? 'js.live.summary.own' : 'js.live.summary', from, to);
    panel.hidden = false;
}

/**
 * Whether the versions after {@code from} up to {@code to} were all the signed-in user's own changes from elsewhere.
 * The trail is a projection of its own and may not have reached {@code to} when the scorecard did: read once it has
 * ({@link trailAt}); a trail still behind then says "someone else", as before. Four reads 250 ms apart could give up
 * on a loaded machine, and the notice then named someone else for the user's own change in another tab.
 */
async function ownChangesBetween(from, to) {
    if (!pageUser) return false;
    return ownChanges((await trailAt(from, to)).filter(e => e.sequenceNumber <= to), to);
}

/**
 * Follows the audit's scorecard version (GET /api/audits/{id}/scorecard/updates with the session, Server-Sent
 * Events; EventSource reconnects by itself). A version above the page's that none of this page's changes made
 * means the audit changed elsewhere: say so, as a conflict would, and offer to reload. A version pushed while
 * one of this page's changes is on its way is judged once its answer is in.
 */
function followAudit() {
    const panel = document.getElementById('live-change');
    if (!panel || !page.auditId || page.version === null || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/audits/${encodeURIComponent(page.auditId)}/scorecard/updates`);
    source.addEventListener('scorecard', async event => {
        const version = JSON.parse(event.data).version;
        while (own.inFlight > 0) await sleep(100);
        // The last version pushed and judged, on the panel: whoever reads the page can tell a push that said nothing
        // (this page's own change) from one that has not come yet.
        panel.dataset.pushedVersion = String(Math.max(version, Number(panel.dataset.pushedVersion ?? -1)));
        if (version <= page.version || own.ranges.some(([from, to]) => version > from && version <= to)) return;
        showLiveChange(page.version, version);
    });
    document.getElementById('live-reload').addEventListener('click', () => leave(() => location.reload()));
    window.addEventListener('pagehide', () => source.close());
}

setupConflictPanel();
showClosedNote();
followAudit();
setupUpperCase();
setupOutcomeParts();
setupCertificateDay();
setupSuggestedType();
setupForms();
setupSheet();
setupAsOf();
document.querySelectorAll('#sheet tr.item').forEach(toggleNa);

// --- opening an audit, staffing its team ----------------------------------------------------------------------------

/**
 * The on-site days the dates and half-days give (OpenAudit.period on the command side: the calendar days, less half a
 * day for a start in the afternoon and for an end in the morning), suggested in the open and reschedule forms while the
 * admin has not typed another number; the command side still judges what is sent.
 */
function setupOnSiteDays(form) {
    const days = form.elements.namedItem('onSiteDays');
    if (!days) return;
    const hint = document.getElementById(days.getAttribute('aria-describedby'));
    let suggested = null;
    const suggest = () => {
        const [from, to] = ['onSiteFrom', 'onSiteTo'].map(name => form.elements.namedItem(name).value);
        if (!from || !to) return;
        let period = (Date.parse(to) - Date.parse(from)) / 86400000 + 1;
        if (form.elements.namedItem('onSiteFromHalfDay').value === 'AFTERNOON') period -= 0.5;
        if (form.elements.namedItem('onSiteToHalfDay').value === 'MORNING') period -= 0.5;
        if (!(period > 0)) return;
        if (days.value.trim() === '' || days.value.trim() === suggested) days.value = String(period);
        suggested = String(period);
        if (hint) hint.textContent = t('js.onSiteDays.suggested', suggested);
    };
    ['onSiteFrom', 'onSiteTo', 'onSiteFromHalfDay', 'onSiteToHalfDay']
        .forEach(name => form.elements.namedItem(name).addEventListener('change', suggest));
    suggest();
}

/**
 * The team form warns while a leader or member is given without a registration number, which the report's team table
 * prints; the command side takes one without it (a technical expert has none), so this is a warning, not a refusal.
 */
function setupRegistrationWarning() {
    const form = document.getElementById('assign-member');
    const registration = form?.elements.namedItem('registrationNumber');
    const role = form?.elements.namedItem('role');
    if (!registration || !role) return;
    const warning = document.createElement('p');
    warning.className = 'hint warning';
    warning.id = 'registration-warning';
    registration.after(warning);
    // Said once a member is being named, not over an empty form.
    const check = () => {
        const missing = form.elements.namedItem('name')?.value.trim() && role.value !== 'TECHNICAL_EXPERT'
            && registration.value.trim() === '';
        warning.textContent = missing ? t('js.team.registrationMissing') : '';
    };
    form.addEventListener('input', check);
    form.addEventListener('change', check);
}

/**
 * A name of the people who were on a team before (the datalist the page lists them in), picked or typed in full, fills
 * in their registration number, specialty, phone and user name where those fields are empty or still hold what an
 * earlier match filled in (typing 李雅宁 passes 李雅, who may be someone else): the admin checks, and may change, what
 * the latest team recorded. Never over what the admin typed.
 */
function setupKnownMembers() {
    const name = document.getElementById('t-name');
    const known = document.getElementById('known-members');
    if (!name || !known) return;
    const filled = new Map();
    const fill = () => {
        const option = [...known.options].find(o => o.value === name.value.trim());
        if (!option) return;
        for (const [field, data] of [['registrationNumber', 'registration'], ['specialtyCode', 'specialty'],
                                      ['phone', 'phone'], ['userName', 'user']]) {
            const input = name.form.elements.namedItem(field);
            const value = option.dataset[data] || '';
            if (!input || (input.value.trim() !== '' && input.value !== filled.get(field))) continue;
            input.value = value;
            filled.set(field, value);
            input.dispatchEvent(new Event('input', { bubbles: true }));
        }
    };
    name.addEventListener('input', fill);
    name.addEventListener('change', fill);
}

document.querySelectorAll('form[data-on-site-period]').forEach(setupOnSiteDays);
setupKnownMembers();
setupRegistrationWarning();
