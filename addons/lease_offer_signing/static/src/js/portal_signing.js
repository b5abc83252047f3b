odoo.define('lease_offer_signing.portal_signing', function (require) {
'use strict';

/**
 * The signing page of the advisor portal.
 *
 * The signature fields are signed one after another.  For the active field
 * the page asks the signature agent on this computer (its HTTP API on
 * 127.0.0.1, see signature_agent/README.md) to capture a signature bound to
 * the SHA-256 of the document and the field's id, waits for it with long
 * polls, and hands the result (PNG and encrypted package) to Odoo, which
 * checks and stores it as the advisor.  The agent's address and pairing
 * token are kept in this browser's localStorage and never sent to Odoo.
 */
require('web.dom_ready');

var root = document.getElementById('o_lease_signing');
if (!root) {
    return $.Deferred().reject("DOM doesn't contain #o_lease_signing");
}

var STORAGE_URL = 'lease_offer_signing.agent_url';
var STORAGE_TOKEN = 'lease_offer_signing.agent_token';
var POLL_WAIT_SECONDS = 25;

var offerId = root.getAttribute('data-offer-id');
var documentSha256 = root.getAttribute('data-document-sha256');
var language = root.getAttribute('data-language') || 'cs';
var defaultAgentUrl = root.getAttribute('data-default-agent-url') || 'http://127.0.0.1:8770';
var portalOrigin = root.getAttribute('data-portal-origin') || window.location.origin;
var capture = null;  // {id, row} while a capture runs
var saving = false;

function q(selector, element) {
    return (element || root).querySelector(selector);
}

function qa(selector, element) {
    return Array.prototype.slice.call((element || root).querySelectorAll(selector));
}

var texts = {};
qa('.o_lease_signing_texts [data-key]').forEach(function (span) {
    texts[span.getAttribute('data-key')] = span.textContent.trim();
});

function format(text) {
    var args = Array.prototype.slice.call(arguments, 1);
    return text.replace(/%s/g, function () {
        return args.length ? args.shift() : '';
    });
}

function show(element, visible) {
    element.classList.toggle('hidden', !visible);
}

// ------------------------------------------------------------------ messages
function showMessage(level, text) {
    var box = q('.o_lease_signing_alert');
    box.className = 'alert alert-' + level + ' o_lease_signing_alert';
    box.setAttribute('data-level', level);
    box.textContent = text;
}

function clearAlert() {
    var box = q('.o_lease_signing_alert');
    box.className = 'alert hidden o_lease_signing_alert';
    box.removeAttribute('data-level');
    box.textContent = '';
}

// ------------------------------------------------------------------ pairing
function agentConfig() {
    var url = '';
    var token = '';
    try {
        url = window.localStorage.getItem(STORAGE_URL) || '';
        token = window.localStorage.getItem(STORAGE_TOKEN) || '';
    } catch (e) {
        // storage disabled: the advisor pairs again on each page
    }
    return {url: (url || defaultAgentUrl).replace(/\/+$/, ''), token: token, paired: Boolean(token)};
}

function setAgentStatus(text, ok, hasPad) {
    var status = q('.o_lease_agent_status');
    status.textContent = text ? '(' + text + ')' : '';
    status.className = 'o_lease_agent_status ' + (ok ? (hasPad === false ? 'text-warning' : 'text-success') : 'text-muted');
    status.setAttribute('data-connected', ok ? '1' : '0');
}

function openSettings(open) {
    var config = agentConfig();
    q('.o_lease_agent_url').value = config.url;
    q('.o_lease_agent_token').value = config.token;
    show(q('.o_lease_agent_settings'), open);
}

function checkAgent(quiet) {
    return agentFetch('GET', '/v1/health').then(function (response) {
        if (response.status === 200) {
            var hasPad = response.data.pad_connected;
            setAgentStatus(hasPad ? texts.connected : texts.connected_no_pad, true, Boolean(hasPad));
            if (!quiet) {
                clearAlert();
            }
            return true;
        }
        setAgentStatus(texts.not_connected, false);
        if (!quiet) {
            agentError(response);
        }
        return false;
    }, function () {
        setAgentStatus(texts.not_connected, false);
        if (!quiet) {
            showMessage('danger', unreachableText());
        }
        return false;
    });
}

function unreachableText() {
    return format(texts.unreachable, agentConfig().url, portalOrigin, portalOrigin);
}

// ------------------------------------------------------------------ HTTP
/** A call of the signature agent: resolves with {status, data}; rejects when it cannot be reached. */
function agentFetch(method, path, body) {
    var config = agentConfig();
    var options = {
        method: method,
        mode: 'cors',
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        headers: {'Authorization': 'Bearer ' + config.token},
    };
    if (body) {
        options.headers['Content-Type'] = 'application/json';
        options.body = JSON.stringify(body);
    }
    return window.fetch(config.url + path, options).then(function (response) {
        return response.json().catch(function () {
            return {};
        }).then(function (data) {
            return {status: response.status, data: data || {}};
        });
    }, function () {
        throw {kind: 'unreachable'};
    });
}

/** A JSON route of this portal (as the logged-in advisor). */
function odooCall(route, params) {
    return window.fetch(route, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({jsonrpc: '2.0', method: 'call', params: params || {}, id: Date.now()}),
    }).then(function (response) {
        return response.json().catch(function () {
            return {error: {code: response.status, message: response.statusText}};
        });
    }).then(function (data) {
        if (data.error) {
            if (data.error.code === 100) {
                throw {kind: 'session'};
            }
            throw {kind: 'server', message: (data.error.data && data.error.data.message) || data.error.message};
        }
        return data.result;
    });
}

function agentError(response) {
    var error = (response.data && response.data.error) || {};
    switch (error.code) {
    case 'no_pad':
        showMessage('danger', error.message || texts.no_pad);
        break;
    case 'unauthorized':
        showMessage('danger', texts.unauthorized);
        openSettings(true);
        break;
    case 'origin_not_allowed':
    case 'host_not_allowed':
        showMessage('danger', format(texts.origin_not_allowed, portalOrigin));
        break;
    case 'busy':
        showMessage('warning', texts.busy);
        break;
    default:
        showMessage('danger', format(texts.failed, error.message || String(response.status)));
    }
}

function failure(error) {
    if (error && error.kind === 'unreachable') {
        setAgentStatus(texts.not_connected, false);
        showMessage('danger', unreachableText());
    } else if (error && error.kind === 'session') {
        showMessage('danger', texts.session_expired);
    } else if (error && error.kind === 'server') {
        showMessage('danger', format(texts.server_error, error.message || ''));
    } else {
        showMessage('danger', format(texts.failed, (error && error.message) || String(error)));
    }
}

// ------------------------------------------------------------------ fields
function rows() {
    return qa('.o_lease_sign_field');
}

function pendingRows() {
    return rows().filter(function (row) {
        return row.getAttribute('data-state') !== 'signed';
    });
}

function updateRows(fields) {
    (fields || []).forEach(function (field) {
        var row = q('.o_lease_sign_field[data-signature-id="' + field.id + '"]');
        if (!row) {
            return;
        }
        row.setAttribute('data-state', field.state);
        var signed = field.state === 'signed';
        show(q('.o_lease_label_signed', row), signed);
        show(q('.o_lease_label_pending', row), !signed);
        show(q('.o_lease_sign_button', row), !signed);
        var image = q('.o_lease_signature_image', row);
        if (field.image) {
            image.src = field.image;
        }
        show(image, Boolean(field.image));
    });
}

/** Only the next field to sign can be activated, and only when nothing else runs. */
function refresh() {
    var pending = pendingRows();
    rows().forEach(function (row) {
        var button = q('.o_lease_sign_button', row);
        var active = !capture && !saving && pending.length && row === pending[0];
        button.disabled = !active;
        row.classList.toggle('info', Boolean(active) || Boolean(capture && capture.row === row));
    });
    show(q('.o_lease_capture_panel'), Boolean(capture));
    var awaiting = root.getAttribute('data-offer-state') === 'awaiting_signature';
    show(q('.o_lease_save_panel'), awaiting && !pending.length && rows().length > 0 && !capture && !saving);
}

// ------------------------------------------------------------------ capture
function startCapture(row) {
    var config = agentConfig();
    if (!config.paired) {
        showMessage('warning', texts.not_paired);
        openSettings(true);
        return;
    }
    clearAlert();
    capture = {id: null, row: row};
    q('.o_lease_capture_signer').textContent = row.getAttribute('data-signer-name');
    refresh();
    agentFetch('POST', '/v1/captures', {
        document_sha256: documentSha256,
        field_id: row.getAttribute('data-field-id'),
        signer_name: row.getAttribute('data-signer-name'),
        signer_role: row.getAttribute('data-role'),
        language: language,
    }).then(function (response) {
        if (response.status !== 202) {
            agentError(response);
            return;
        }
        setAgentStatus(texts.connected, true);
        capture.id = response.data.capture_id;
        return poll(row, capture.id);
    }).catch(failure).then(function () {
        capture = null;
        refresh();
    });
}

function poll(row, captureId) {
    return agentFetch('GET', '/v1/captures/' + encodeURIComponent(captureId) + '?wait=' + POLL_WAIT_SECONDS)
        .then(function (response) {
            if (response.status !== 200) {
                agentError(response);
                return;
            }
            var result = response.data;
            var error = result.error || {};
            switch (result.state) {
            case 'waiting':
                return poll(row, captureId);
            case 'done':
                return store(row, result.result || {});
            case 'refused':
                showMessage('danger', error.message || texts.signature_invalid);
                return;
            case 'cancelled':
                showMessage('warning', texts.cancelled);
                return;
            default:
                if (['pad_init_failed', 'pad_error', 'pad_disconnected'].indexOf(error.code) >= 0) {
                    showMessage('danger', error.message || texts.no_pad);
                } else {
                    showMessage('danger', format(texts.failed, error.message || result.state));
                }
            }
        });
}

function store(row, result) {
    if (result.field_id !== row.getAttribute('data-field-id') || result.document_sha256 !== documentSha256) {
        showMessage('danger', texts.wrong_document);
        return;
    }
    return odooCall('/my/offers/' + offerId + '/sign/field', {
        signature_id: Number(row.getAttribute('data-signature-id')),
        image_png: result.image_png,
        package: result.package,
        key_id: result.key_id,
        document_sha256: result.document_sha256,
        pad_model: result.pad_model,
        pad_serial: result.pad_serial,
    }).then(function (answer) {
        if (!answer.ok) {
            showMessage('danger', format(texts.server_error, answer.message));
            return;
        }
        updateRows(answer.fields);
        showMessage('success', answer.all_signed ? texts.all_signed : texts.signed_field);
    });
}

function cancelCapture() {
    if (!capture || !capture.id) {
        return;
    }
    agentFetch('DELETE', '/v1/captures/' + encodeURIComponent(capture.id)).catch(function () {
        // the poll reports what happened
    });
}

// ------------------------------------------------------------------ save and send
function saveAndSend() {
    saving = true;
    refresh();
    showMessage('info', texts.saving);
    odooCall('/my/offers/' + offerId + '/sign/save').then(function (answer) {
        if (!answer.ok) {
            saving = false;
            showMessage('danger', format(texts.server_error, answer.message));
            refresh();
            return;
        }
        root.setAttribute('data-offer-state', 'signed');
        show(q('.o_lease_signed_panel'), true);
        window.location.assign(answer.redirect);
    }).catch(function (error) {
        saving = false;
        failure(error);
        refresh();
    });
}

// ------------------------------------------------------------------ wiring
rows().forEach(function (row) {
    q('.o_lease_sign_button', row).addEventListener('click', function () {
        startCapture(row);
    });
});
q('.o_lease_capture_cancel').addEventListener('click', cancelCapture);
q('.o_lease_save_yes').addEventListener('click', saveAndSend);
q('.o_lease_save_no').addEventListener('click', function () {
    show(q('.o_lease_save_panel'), false);
});
q('.o_lease_agent_toggle').addEventListener('click', function () {
    openSettings(q('.o_lease_agent_settings').classList.contains('hidden'));
});
q('.o_lease_agent_settings').addEventListener('submit', function (event) {
    event.preventDefault();
    var url = q('.o_lease_agent_url').value.trim() || defaultAgentUrl;
    var token = q('.o_lease_agent_token').value.trim();
    try {
        window.localStorage.setItem(STORAGE_URL, url.replace(/\/+$/, ''));
        window.localStorage.setItem(STORAGE_TOKEN, token);
    } catch (e) {
        // storage disabled: nothing is kept
    }
    clearAlert();
    checkAgent(false).then(function (ok) {
        if (ok) {
            show(q('.o_lease_agent_settings'), false);
        }
    });
});
q('.o_lease_agent_forget').addEventListener('click', function () {
    try {
        window.localStorage.removeItem(STORAGE_URL);
        window.localStorage.removeItem(STORAGE_TOKEN);
    } catch (e) {
        // nothing kept anyway
    }
    openSettings(true);
    setAgentStatus(texts.not_connected, false);
});
window.addEventListener('pagehide', function () {
    if (capture && capture.id) {
        var config = agentConfig();
        window.fetch(config.url + '/v1/captures/' + encodeURIComponent(capture.id), {
            method: 'DELETE', mode: 'cors', keepalive: true, credentials: 'omit',
            headers: {'Authorization': 'Bearer ' + config.token},
        }).catch(function () {});
    }
});

if (root.getAttribute('data-offer-state') === 'awaiting_signature') {
    if (agentConfig().paired) {
        checkAgent(true);
    } else {
        openSettings(true);
        showMessage('info', texts.not_paired);
    }
}
refresh();
root.setAttribute('data-ready', '1');
});

odoo.define('lease_offer_signing.portal_confirm', function (require) {
'use strict';

/** Forms of the advisor portal that ask before they are sent (storno, back to draft). */
require('web.dom_ready');

Array.prototype.slice.call(document.querySelectorAll('form.o_lease_confirm')).forEach(function (form) {
    form.addEventListener('submit', function (event) {
        if (!window.confirm(form.getAttribute('data-confirm'))) {
            event.preventDefault();
        }
    });
});
});
