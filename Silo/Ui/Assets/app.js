// OrleansSync pages: plain JavaScript, no build step, no third-party code. Everything shown comes
// from the cluster's own HTTP API. One poll at a time, every POLL_MS; when the silo being read
// stops answering, the page says so and reads another silo's API (learnt from /cluster/silos);
// when no silo answers it backs off, doubling the wait up to MAX_BACKOFF_MS.
'use strict';
(function () {
  var POLL_MS = 2000;
  var MAX_BACKOFF_MS = 30000;
  var FETCH_TIMEOUT_MS = 5000;
  var MAX_GRAPH_NODES = 40;
  var MAX_SAMPLED_QUEUES = 32; // UiHistory.MaxSampledQueues

  var state = {
    base: location.origin + '/',
    name: null,
    silos: [],
    failures: 0,
    timer: null,
    polling: false,
    page: 'overview',
    search: '',
    queueSearch: '',
    cacheKey: '',
    latency: [],
    notice: null,
    again: false,
  };

  function $(id) { return document.getElementById(id); }

  function esc(value) {
    return String(value === null || value === undefined ? '' : value)
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  function token() {
    var match = document.cookie.match(/(?:^|;\s*)orleanssync-token=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function AuthError(base) { this.message = 'the silo at ' + base + ' refused the token (401)'; this.auth = true; }

  // One GET, bounded by FETCH_TIMEOUT_MS. The token (if any) goes as a Bearer header: the pages
  // may read another silo (another origin), where the cookie of the login form is not sent.
  // An optional resource answers null on 404 (an endpoint this silo does not have, a key with no
  // entry) instead of failing the silo over.
  function get(base, path, optional, asText) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, FETCH_TIMEOUT_MS);
    var headers = { 'Accept': asText ? 'text/plain' : 'application/json' };
    var tk = token();
    if (tk) { headers['Authorization'] = 'Bearer ' + tk; }
    return fetch(new URL(path, base), { headers: headers, signal: controller.signal, cache: 'no-store', credentials: 'omit' })
      .then(function (response) {
        if (response.status === 401) { throw new AuthError(base); }
        if (optional && response.status === 404) { return null; }
        if (!response.ok) { throw new Error(path + ' answered HTTP ' + response.status); }
        return asText ? response.text() : response.json();
      })
      .catch(function (error) {
        if (error && error.name === 'AbortError') { throw new Error('no answer within ' + FETCH_TIMEOUT_MS / 1000 + ' s'); }
        throw error;
      })
      .finally(function () { clearTimeout(timer); });
  }

  // What each page needs, all from one silo, so that one silo's answer is one consistent view.
  // An entry is a path, or [path, optional, asText].
  function load(base) {
    var wanted = { silos: 'cluster/silos' };
    if (state.page === 'overview') {
      wanted.status = 'status'; wanted.history = 'cluster/history'; wanted.locks = 'cluster/locks?limit=0'; wanted.queues = 'cluster/queues?limit=0';
    } else if (state.page === 'raft') {
      wanted.status = 'status'; wanted.history = 'cluster/history';
    } else if (state.page === 'queues') {
      wanted.history = 'cluster/history'; wanted.queues = 'cluster/queues?limit=100&contains=' + encodeURIComponent(state.queueSearch);
    } else if (state.page === 'cache') {
      wanted.cache = ['cluster/cache', true];
      wanted.metrics = ['metrics', true, true];
      if (state.cacheKey) { wanted.entry = ['cluster/cache/' + state.cacheKey.split('/').map(encodeURIComponent).join('/'), true]; }
    } else {
      wanted.locks = 'cluster/locks?limit=100&contains=' + encodeURIComponent(state.search); wanted.waitFor = 'cluster/wait-for';
    }
    var keys = Object.keys(wanted);
    return Promise.all(keys.map(function (k) {
      var w = wanted[k];
      return typeof w === 'string' ? get(base, w) : get(base, w[0], w[1], w[2]);
    })).then(function (values) {
      var data = {};
      keys.forEach(function (k, i) { data[k] = values[i]; });
      return data;
    });
  }

  function nameOf(base) {
    var silo = state.silos.find(function (s) { return s.http === base; });
    return silo ? silo.name : base;
  }

  // The silos to try after the current one: active ones first, in membership order.
  function candidates() {
    var others = state.silos
      .filter(function (s) { return s.http && s.http !== state.base && s.status !== 'Dead'; })
      .sort(function (a, b) { return (a.status === 'Active' ? 0 : 1) - (b.status === 'Active' ? 0 : 1); })
      .map(function (s) { return s.http; });
    return [state.base].concat(others.filter(function (b, i) { return others.indexOf(b) === i; }));
  }

  function tryInTurn(bases, index, failures) {
    if (index >= bases.length) { return Promise.reject(failures); }
    return load(bases[index]).then(
      function (data) { return { base: bases[index], data: data, failures: failures }; },
      function (error) {
        if (error && error.auth && index === 0) { return Promise.reject([{ base: bases[index], error: error }]); }
        return tryInTurn(bases, index + 1, failures.concat([{ base: bases[index], error: error }]));
      });
  }

  function poll() {
    // One poll at a time; a poll asked for meanwhile (a new search, another page) runs right after it.
    if (state.polling) { state.again = true; return; }
    state.again = false;
    state.polling = true;
    var previous = state.base;
    var previousName = state.name || nameOf(previous);
    tryInTurn(candidates(), 0, []).then(function (result) {
      state.failures = 0;
      if (result.data.silos && result.data.silos.silos) {
        state.silos = result.data.silos.silos;
      }
      if (result.base !== previous) {
        var failed = result.failures[0];
        state.notice = previousName + ' (' + previous + ') is not answering (' + (failed ? failed.error.message : 'unknown') +
          '); now reading from ' + result.data.silos.silo + ' (' + result.base + ').';
      }
      state.base = result.base;
      state.name = result.data.silos.silo;
      showConnection();
      render(result.data);
      schedule(POLL_MS);
    }, function (failures) {
      state.failures++;
      var wait = Math.min(MAX_BACKOFF_MS, POLL_MS * Math.pow(2, state.failures));
      var auth = failures.some(function (f) { return f.error && f.error.auth; });
      var banner = $('connection');
      banner.className = 'banner bad';
      banner.id = 'connection';
      banner.textContent = auth
        ? 'Not authorized: ' + failures[0].error.message + '. Reload the page to sign in again.'
        : 'No silo is answering (' + failures.map(function (f) { return nameOf(f.base) + ': ' + (f.error && f.error.message); }).join('; ') +
          '). Retrying in ' + Math.round(wait / 1000) + ' s.';
      $('source').textContent = 'no silo answering';
      schedule(wait);
    }).finally(function () {
      state.polling = false;
      if (state.again) { schedule(0); }
    });
  }

  function schedule(ms) {
    clearTimeout(state.timer);
    state.timer = setTimeout(poll, ms);
  }

  function showConnection() {
    $('source').textContent = 'via ' + state.name;
    $('source').dataset.silo = state.name;
    $('source').dataset.base = state.base;
    var banner = $('connection');
    if (state.notice) {
      banner.className = 'banner';
      banner.textContent = state.notice;
    } else {
      banner.className = 'banner hidden';
    }
    // Orleans' dashboard of the silo being read (the silo serving this page may be down).
    $('orleans-dashboard').href = new URL('dashboard/', state.base).toString();
  }

  // ---- rendering -------------------------------------------------------------------------------

  function render(data) {
    if (state.page === 'overview') { renderOverview(data); }
    else if (state.page === 'raft') { renderRaft(data); }
    else if (state.page === 'queues') { renderQueues(data); }
    else if (state.page === 'cache') { renderCache(data); }
    else { renderLocks(data); }
  }

  function badge(text, cls) { return '<span class="badge ' + esc(cls || text) + '">' + esc(text) + '</span>'; }

  function card(label, value, id) {
    return '<div class="card" id="' + esc(id) + '"><div class="label">' + esc(label) + '</div><div class="value">' + esc(value) + '</div></div>';
  }

  // A small line chart as inline SVG; null values are gaps.
  function chart(title, points, unit) {
    var width = 300, height = 60, pad = 4;
    var values = points.map(function (p) { return p.v; }).filter(function (v) { return v !== null && v !== undefined; });
    var last = values.length ? values[values.length - 1] : null;
    var max = values.length ? Math.max.apply(null, values) : 1;
    var min = values.length ? Math.min.apply(null, values.concat([0])) : 0;
    if (max === min) { max = min + 1; }
    var t0 = points.length ? points[0].t : 0, t1 = points.length ? points[points.length - 1].t : 1;
    var span = Math.max(1, t1 - t0);
    var path = '', pen = false;
    points.forEach(function (p) {
      if (p.v === null || p.v === undefined) { pen = false; return; }
      var x = pad + (width - 2 * pad) * (p.t - t0) / span;
      var y = height - pad - (height - 2 * pad) * (p.v - min) / (max - min);
      path += (pen ? 'L' : 'M') + x.toFixed(1) + ',' + y.toFixed(1);
      pen = true;
    });
    var minutes = Math.round(span / 60000 * 10) / 10;
    return '<div class="chart"><div class="title"><span>' + esc(title) + '</span><span>' + esc(last === null ? '–' : fmt(last) + (unit || '')) + '</span></div>' +
      '<svg viewBox="0 0 ' + width + ' ' + height + '" preserveAspectRatio="none" role="img" aria-label="' + esc(title) + '">' +
      '<path d="' + path + '" fill="none" stroke="#2f5fd0" stroke-width="1.5" vector-effect="non-scaling-stroke"/></svg>' +
      '<div class="title"><span>last ' + esc(minutes) + ' min</span><span>max ' + esc(fmt(max)) + '</span></div></div>';
  }

  function fmt(n) { return typeof n === 'number' ? (Math.abs(n) >= 100 || Number.isInteger(n) ? String(Math.round(n)) : n.toFixed(1)) : String(n); }

  function time(t) { return t ? new Date(t).toLocaleTimeString() : ''; }

  function relative(t) {
    if (!t) { return ''; }
    var seconds = Math.round((new Date(t).getTime() - Date.now()) / 1000);
    return seconds >= 0 ? 'in ' + seconds + ' s' : Math.abs(seconds) + ' s ago';
  }

  // Proposals per second over the samples: growth of the commit indexes (per group or summed).
  function rates(samples, group) {
    var out = [];
    for (var i = 1; i < samples.length; i++) {
      var a = samples[i - 1], b = samples[i];
      var dt = (new Date(b.at) - new Date(a.at)) / 1000;
      var sum = 0, known = true;
      var groups = group === undefined ? b.commitIndexes.map(function (_, g) { return g; }) : [group];
      groups.forEach(function (g) {
        var x = a.commitIndexes[g], y = b.commitIndexes[g];
        if (x === null || y === null || x === undefined || y === undefined || y < x) { known = false; } else { sum += y - x; }
      });
      out.push({ t: new Date(b.at).getTime(), v: known && dt > 0 ? sum / dt : null });
    }
    return out;
  }

  // Proposals committed per second at each group's leader (or summed): growth of the leader's own
  // counter between two samples with the same leader replica (a new leader starts its own count).
  function proposalRates(samples, group) {
    return intervals(samples, group, function (a, b, g) {
      return sameLeader(a, b, g) ? b.proposalsCommitted[g] - a.proposalsCommitted[g] : null;
    }, function (sum, dt) { return sum / dt; });
  }

  // Mean milliseconds from a proposal's arrival at the leader to its commit, per interval.
  function commitLatencies(samples, group) {
    var out = [];
    for (var i = 1; i < samples.length; i++) {
      var a = samples[i - 1], b = samples[i];
      var count = 0, ms = 0, known = true;
      groupsOf(b, group).forEach(function (g) {
        if (!sameLeader(a, b, g)) { known = false; return; }
        count += b.proposalsCommitted[g] - a.proposalsCommitted[g];
        ms += b.commitLatencyMsTotals[g] - a.commitLatencyMsTotals[g];
      });
      out.push({ t: new Date(b.at).getTime(), v: known && count > 0 ? ms / count : null });
    }
    return out;
  }

  function groupsOf(sample, group) {
    return group === undefined ? (sample.leaderReplicas || []).map(function (_, g) { return g; }) : [group];
  }

  function sameLeader(a, b, g) {
    var known = function (s) { return s.leaderReplicas && s.leaderReplicas[g] !== null && s.leaderReplicas[g] !== undefined && s.proposalsCommitted[g] !== null && s.proposalsCommitted[g] !== undefined; };
    return known(a) && known(b) && a.leaderReplicas[g] === b.leaderReplicas[g] && b.proposalsCommitted[g] >= a.proposalsCommitted[g];
  }

  function intervals(samples, group, delta, combine) {
    var out = [];
    for (var i = 1; i < samples.length; i++) {
      var a = samples[i - 1], b = samples[i];
      var dt = (new Date(b.at) - new Date(a.at)) / 1000;
      var sum = 0, known = true;
      groupsOf(b, group).forEach(function (g) {
        var d = delta(a, b, g);
        if (d === null) { known = false; } else { sum += d; }
      });
      out.push({ t: new Date(b.at).getTime(), v: known && dt > 0 ? combine(sum, dt) : null });
    }
    return out;
  }

  // Per-second growth of a counter picked from each sample (null: not sampled); a counter that went down (a queue re-created) is a gap.
  function counterRate(samples, pick) {
    var out = [];
    for (var i = 1; i < samples.length; i++) {
      var x = pick(samples[i - 1]), y = pick(samples[i]);
      var dt = (new Date(samples[i].at) - new Date(samples[i - 1].at)) / 1000;
      out.push({ t: new Date(samples[i].at).getTime(), v: x === null || x === undefined || y === null || y === undefined || y < x || dt <= 0 ? null : (y - x) / dt });
    }
    return out;
  }

  function queueIn(sample, name) {
    return sample.queues ? sample.queues.find(function (q) { return q.name === name; }) || null : null;
  }

  function lastValue(points) {
    for (var i = points.length - 1; i >= 0; i--) { if (points[i].v !== null && points[i].v !== undefined) { return points[i].v; } }
    return null;
  }

  function series(samples, field) {
    return samples.map(function (s) { return { t: new Date(s.at).getTime(), v: s[field] }; });
  }

  function renderOverview(data) {
    var status = data.status, silos = data.silos.silos, samples = data.history.samples;
    var active = silos.filter(function (s) { return s.status === 'Active'; }).length;
    var led = status.groups.filter(function (g) { return g.leaderReplica !== null && g.leaderReplica !== undefined; }).length;
    var proposals = proposalRates(samples);
    var lastRate = lastValue(proposals);
    var lastSample = samples.length ? samples[samples.length - 1] : null;
    var cacheLines = lastSample && lastSample.cacheLines !== null && lastSample.cacheLines !== undefined ? lastSample.cacheLines : '–';
    $('overview-cards').innerHTML =
      card('Silos active', active + ' / ' + silos.length, 'card-silos') +
      card('Raft groups with a leader', led + ' / ' + status.groups.length, 'card-groups') +
      card('Locks held or waited on', data.locks.totalLocks, 'card-locks') +
      card('Open leases', data.locks.totalLeases, 'card-leases') +
      card('Queue messages (' + data.queues.totalQueues + ' queues)', data.queues.totalMessages, 'card-queue-messages') +
      card('Cache lines (M, E, S)', cacheLines, 'card-cache-lines') +
      card('Proposals / s', lastRate === null ? '–' : fmt(lastRate), 'card-rate');
    $('overview-charts').innerHTML =
      chart('Active silos', series(samples, 'activeSilos')) +
      chart('Groups with a leader', series(samples, 'groupsWithLeader')) +
      chart('Locks', series(samples, 'locks')) +
      chart('Queue messages', series(samples, 'queueMessages')) +
      chart('Queue sends / s', counterRate(samples, function (x) { return x.queueSent; }), '/s') +
      chart('Cache lines', series(samples, 'cacheLines')) +
      chart('Proposals / s (all groups)', proposals, '/s');
    var replicas = {}, leads = {};
    status.groups.forEach(function (g) {
      g.replicas.forEach(function (r) { if (r.status) { replicas[r.status.silo] = (replicas[r.status.silo] || 0) + 1; } });
      if (g.leaderSilo) { leads[g.leaderSilo] = (leads[g.leaderSilo] || 0) + 1; }
    });
    $('silos').tBodies[0].innerHTML = silos.map(function (s) {
      var live = s.status === 'Active';
      return '<tr data-silo="' + esc(s.name) + '" data-status="' + esc(s.status) + '"><td>' + esc(s.name) + (s.http === state.base ? ' <span class="sub">(answering)</span>' : '') +
        '</td><td class="mono">' + esc(s.address) + '</td><td>' + badge(s.status) + '</td><td class="num">' + esc(live ? replicas[s.name] || 0 : '') +
        '</td><td class="num">' + esc(live ? leads[s.name] || 0 : '') + '</td><td>' +
        (s.http && live ? '<a href="' + esc(new URL('ui/', s.http)) + '">' + esc(s.http) + '</a>' : '') + '</td></tr>';
    }).join('');
    $('overview-groups').tBodies[0].innerHTML = status.groups.map(function (g) {
      var up = g.replicas.filter(function (r) { return r.status; }).length;
      return '<tr data-group="' + g.group + '" data-leader-silo="' + esc(g.leaderSilo || '') + '" data-term="' + g.term + '"><td>' + g.group + '</td><td>' +
        (g.leaderReplica === null || g.leaderReplica === undefined ? badge('none', 'bad') : esc(g.leaderReplica)) + '</td><td>' + esc(g.leaderSilo || '') +
        '</td><td class="num">' + g.term + '</td><td class="num">' + g.commitIndex + '</td><td class="num">' + g.appliedIndex + '</td><td class="num">' + up + ' / ' + g.replicas.length + '</td></tr>';
    }).join('');
  }

  // How a replica stands: its role, or why it is out; replicas of a group that is replacing one are marked.
  function replicaState(r, group) {
    var replacing = group.replicas.some(function (x) { return x.status && x.status.role === 'Learner'; });
    if (!r.status) { return { text: replacing ? 'unreachable, being replaced' : 'unreachable', cls: 'Unreachable' }; }
    var role = r.status.role;
    if (role === 'Removed' || role === 'Lost') { return { text: role === 'Removed' ? 'removed (replaced)' : 'lost its log, being replaced', cls: role }; }
    if (role === 'Learner') { return { text: 'learner (replacement catching up)', cls: role }; }
    return { text: role, cls: role };
  }

  function renderRaft(data) {
    var status = data.status, samples = data.history.samples;
    $('raft-groups').innerHTML = status.groups.map(function (g) {
      var leader = g.replicas.find(function (r) { return r.status && r.status.role === 'Leader' && r.status.term === g.term; });
      var proposals = proposalRates(samples, g.group);
      var latencies = commitLatencies(samples, g.group);
      var rate = lastValue(proposals), latency = lastValue(latencies);
      var entries = lastValue(rates(samples, g.group));
      var rows = g.replicas.map(function (r) {
        var s = replicaState(r, g);
        var lag = r.status && leader ? Math.max(0, leader.status.commitIndex - r.status.appliedIndex) : '';
        return '<tr data-replica="' + r.replica + '" data-role="' + esc(r.status ? r.status.role : 'Unreachable') + '"><td>' + r.replica + '</td><td>' + badge(s.text, s.cls) +
          '</td><td>' + esc(r.status ? r.status.silo : '') + '</td><td class="num">' + esc(r.status ? r.status.term : '') + '</td><td class="num">' +
          esc(r.status ? r.status.commitIndex : '') + '</td><td class="num">' + esc(r.status ? r.status.appliedIndex : '') + '</td><td class="num">' + esc(lag) +
          '</td><td class="sub">' + esc(r.error || (r.status ? 'voters ' + r.status.voters.join(',') + (r.status.learners.length ? '; learners ' + r.status.learners.join(',') : '') : '')) + '</td></tr>';
      }).join('');
      return '<div class="group" data-group="' + g.group + '" data-leader-silo="' + esc(g.leaderSilo || '') + '" data-leader-replica="' + esc(g.leaderReplica === null || g.leaderReplica === undefined ? '' : g.leaderReplica) + '" data-term="' + g.term + '"><h3>Group ' + g.group + '</h3>' +
        '<div class="facts">leader <b class="leader">' + esc(g.leaderSilo ? 'replica ' + g.leaderReplica + ' on ' + g.leaderSilo : 'none') + '</b> · term <b class="term">' + g.term +
        '</b> · commit <b>' + g.commitIndex + '</b> · applied <b>' + g.appliedIndex + '</b> · proposals/s <b class="proposal-rate">' + esc(rate === null ? '–' : fmt(rate)) +
        '</b> · log entries/s <b>' + esc(entries === null ? '–' : fmt(entries)) + '</b> · commit latency <b class="commit-latency">' + esc(latency === null ? '–' : fmt(latency) + ' ms') + '</b>' +
        (leader ? ' · committed as leader <b class="proposals-committed">' + esc(leader.status.proposalsCommitted) + '</b> of ' + esc(leader.status.proposalsAccepted) + ' accepted' : '') + '</div>' +
        '<table><thead><tr><th>Replica</th><th>State</th><th>Silo</th><th class="num">Term</th><th class="num">Commit</th><th class="num">Applied</th><th class="num">Lag</th><th>Configuration / error</th></tr></thead><tbody>' +
        rows + '</tbody></table><div class="charts">' + chart('Proposals / s, group ' + g.group, proposals, '/s') +
        chart('Commit latency, group ' + g.group + ' (mean per ' + (data.history.intervalMs / 1000) + ' s)', latencies, ' ms') + '</div></div>';
    }).join('');
    $('elections').tBodies[0].innerHTML = data.history.elections.map(function (e) {
      return '<tr data-group="' + e.group + '" data-term="' + e.term + '"><td>' + esc(time(e.seenAt)) + '</td><td>' + e.group + '</td><td class="num">' + e.term + '</td><td>' +
        esc(e.leaderSilo ? 'replica ' + e.leaderReplica + ' on ' + e.leaderSilo : '') + '</td><td>' + esc(e.previousLeaderSilo || '–') + '</td></tr>';
    }).join('');
  }

  function renderLocks(data) {
    var list = data.locks;
    var unanswered = list.groups.filter(function (g) { return g.error; });
    $('lock-totals').textContent = list.totalLocks + ' locks, ' + list.totalLeases + ' leases in ' + list.groups.length + ' groups' +
      (unanswered.length ? '; groups not answering: ' + unanswered.map(function (g) { return g.group; }).join(', ') : '') +
      (list.truncated ? '; showing the first ' + list.locks.length : '');
    $('locks').innerHTML = list.locks.length === 0
      ? '<p class="note" id="no-locks">No lock ' + (list.contains ? 'whose name contains “' + esc(list.contains) + '” ' : '') + 'is held or waited on.</p>'
      : list.locks.map(renderLock).join('');
    renderGraph(data.waitFor.edges);
    var d = data.waitFor.detector;
    $('detector').innerHTML = d
      ? '<div class="cards">' + card('Detection rounds', d.rounds, 'detector-rounds') + card('Waits aborted', d.aborts, 'detector-aborts') + '</div>' +
        (d.lastCycle ? '<p class="note">Last cycle broken: <span class="mono">' + esc(d.lastCycle) + '</span></p>' : '')
      : '<p class="note">The deadlock detector did not answer: ' + esc(data.waitFor.detectorError) + '</p>';
    $('deadlocks').tBodies[0].innerHTML = (d && d.recent ? d.recent : []).map(function (r) {
      return '<tr><td>' + esc(time(r.at)) + '</td><td>' + r.group + '</td><td class="mono">' + esc(r.lock) + '</td><td class="mono">' + esc(r.victimOwner) + ' (lease ' + r.victimLeaseId +
        ')</td><td class="num">' + r.waitId + '</td><td class="mono">' + esc(r.cycle) + '</td><td>' + esc(r.outcome) + '</td></tr>';
    }).join('');
  }

  function renderLock(l) {
    var holders = l.holders.map(function (h) {
      return '<tr class="holder" data-lease="' + h.leaseId + '" data-token="' + h.fencingToken + '"><td class="num">' + h.leaseId + '</td><td class="mono">' + esc(h.owner || '') + '</td><td>' +
        badge(h.mode) + '</td><td class="num">' + h.holdCount + '</td><td class="num token">' + h.fencingToken + '</td><td>' + esc(time(h.leaseExpiresAt)) +
        ' <span class="sub">(' + esc(relative(h.leaseExpiresAt)) + ')</span></td></tr>';
    }).join('');
    var waiters = l.waiters.map(function (w) {
      return '<tr class="waiter" data-position="' + w.position + '" data-lease="' + w.leaseId + '"><td class="num">' + w.position + '</td><td class="num">' + w.leaseId + '</td><td class="mono">' +
        esc(w.owner || '') + '</td><td>' + badge(w.mode) + (w.isUpgrade ? ' ' + badge('upgrade', 'warn') : '') + '</td><td>' + esc(time(w.waitingSince)) + '</td><td>' + esc(time(w.deadline)) +
        ' <span class="sub">(' + esc(relative(w.deadline)) + ')</span></td></tr>';
    }).join('');
    return '<div class="lock" data-lock="' + esc(l.name) + '"><h3>' + esc(l.name) + '</h3><div class="sub">group ' + l.group + ' · last fencing token ' + l.lastFencingToken + '</div>' +
      '<table class="holders"><thead><tr><th class="num">Lease</th><th>Holder (owner)</th><th>Mode</th><th class="num">Holds</th><th class="num">Fencing token</th><th>Lease expires</th></tr></thead><tbody>' +
      (holders || '<tr><td colspan="6" class="sub">no holder</td></tr>') + '</tbody></table>' +
      (l.waiters.length ? '<table class="waiters"><thead><tr><th class="num">#</th><th class="num">Lease</th><th>Waiter (owner)</th><th>Mode</th><th>Waiting since</th><th>Gives up at</th></tr></thead><tbody>' +
        waiters + '</tbody></table>' : '<div class="sub">no waiters</div>') + '</div>';
  }

  // Owners on a circle, an arrow per wait-for edge; edges on a cycle are red.
  function renderGraph(edges) {
    var owners = [];
    edges.forEach(function (e) {
      [e.waiter, e.blocker].forEach(function (o) { if (owners.indexOf(o) < 0) { owners.push(o); } });
    });
    if (edges.length === 0) { $('wait-for').innerHTML = '<p class="note" id="no-edges">Nobody waits for anybody.</p>'; return; }
    var shown = owners.slice(0, MAX_GRAPH_NODES);
    var onCycle = cycleEdges(edges);
    var width = 900, height = Math.max(260, Math.min(600, 60 * shown.length)), cx = width / 2, cy = height / 2, radius = Math.min(cx, cy) - 60;
    var at = {};
    shown.forEach(function (o, i) {
      var angle = 2 * Math.PI * i / shown.length - Math.PI / 2;
      at[o] = { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) };
    });
    var lines = edges.filter(function (e) { return at[e.waiter] && at[e.blocker]; }).map(function (e, i) {
      var a = at[e.waiter], b = at[e.blocker];
      var dx = b.x - a.x, dy = b.y - a.y, len = Math.max(1, Math.sqrt(dx * dx + dy * dy));
      var x2 = b.x - dx / len * 16, y2 = b.y - dy / len * 16;
      var red = onCycle[i];
      return '<g class="edge' + (red ? ' cycle' : '') + '"><line x1="' + a.x.toFixed(1) + '" y1="' + a.y.toFixed(1) + '" x2="' + x2.toFixed(1) + '" y2="' + y2.toFixed(1) +
        '" stroke="' + (red ? '#c53030' : '#7b8494') + '" stroke-width="1.6" marker-end="url(#' + (red ? 'arrow-red' : 'arrow') + ')"/>' +
        '<text x="' + ((a.x + b.x) / 2).toFixed(1) + '" y="' + ((a.y + b.y) / 2 - 4).toFixed(1) + '" font-size="11" text-anchor="middle" fill="#5d6675">' + esc(e.lock) + '</text></g>';
    }).join('');
    var nodes = shown.map(function (o) {
      var p = at[o];
      var label = o.length > 34 ? o.slice(0, 16) + '…' + o.slice(-16) : o;
      return '<g class="node" data-owner="' + esc(o) + '"><circle cx="' + p.x.toFixed(1) + '" cy="' + p.y.toFixed(1) + '" r="12" fill="#2f5fd0"/><text x="' + p.x.toFixed(1) + '" y="' +
        (p.y + 26).toFixed(1) + '" font-size="11" text-anchor="middle"><title>' + esc(o) + '</title>' + esc(label) + '</text></g>';
    }).join('');
    var marker = function (id, color) {
      return '<marker id="' + id + '" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="' + color + '"/></marker>';
    };
    $('wait-for').innerHTML = '<svg viewBox="0 0 ' + width + ' ' + height + '" role="img" aria-label="wait-for graph"><defs>' + marker('arrow', '#7b8494') + marker('arrow-red', '#c53030') +
      '</defs>' + lines + nodes + '</svg>' + (owners.length > shown.length ? '<p class="note">' + (owners.length - shown.length) + ' more owners not drawn.</p>' : '');
  }

  // Which edges lie on a cycle: an edge a→b is on one when a can be reached back from b.
  function cycleEdges(edges) {
    var out = {};
    edges.forEach(function (e) { (out[e.waiter] = out[e.waiter] || []).push(e.blocker); });
    function reaches(from, to) {
      var seen = {}, stack = [from];
      while (stack.length) {
        var o = stack.pop();
        if (o === to) { return true; }
        if (seen[o]) { continue; }
        seen[o] = true;
        (out[o] || []).forEach(function (n) { stack.push(n); });
      }
      return false;
    }
    return edges.map(function (e) { return reaches(e.blocker, e.waiter); });
  }

  // ---- queues ----------------------------------------------------------------------------------

  function age(ms) {
    if (!ms) { return '–'; }
    var seconds = ms / 1000;
    return seconds < 60 ? fmt(seconds) + ' s' : seconds < 3600 ? fmt(seconds / 60) + ' min' : fmt(seconds / 3600) + ' h';
  }

  function renderQueues(data) {
    var list = data.queues, samples = data.history.samples;
    var unanswered = list.groups.filter(function (g) { return g.error; });
    $('queue-totals').textContent = list.totalQueues + ' queues, ' + list.totalMessages + ' messages in ' + list.groups.length + ' groups' +
      (unanswered.length ? '; groups not answering: ' + unanswered.map(function (g) { return g.group; }).join(', ') : '') +
      (list.truncated ? '; showing the first ' + list.queues.length : '');
    $('queues').innerHTML = list.queues.length === 0
      ? '<p class="note" id="no-queues">No queue ' + (list.contains ? 'whose name contains “' + esc(list.contains) + '” ' : '') + 'exists.</p>'
      : list.queues.map(function (q) { return renderQueue(q, samples); }).join('');
  }

  function renderQueue(q, samples) {
    var t = q.totals;
    var sampled = samples.some(function (s) { return queueIn(s, q.name); });
    var rows = q.partitions.map(function (p) {
      var st = p.stats;
      var cells = st
        ? '<td class="num visible">' + st.visible + '</td><td class="num in-flight">' + st.inFlight + '</td><td class="num delayed">' + st.delayed + '</td><td class="num dead-lettered">' +
          st.deadLettered + '</td><td class="num">' + esc(age(st.oldestMessageAgeMs)) + '</td><td class="num">' + st.sentTotal + '</td><td class="num">' + st.ackedTotal + '</td>'
        : '<td colspan="7" class="sub">group ' + p.group + ' did not answer</td>';
      return '<tr class="partition" data-partition="' + p.partition + '"><td class="num">' + p.partition + '</td><td class="num">' + p.group + '</td>' + cells + '</tr>';
    }).join('');
    var charts = sampled
      ? chart('Sent / s', counterRate(samples, function (s) { var x = queueIn(s, q.name); return x && x.sentTotal; }), '/s') +
        chart('Acked / s', counterRate(samples, function (s) { var x = queueIn(s, q.name); return x && x.ackedTotal; }), '/s')
      : '<p class="note">Rates are charted for the first ' + MAX_SAMPLED_QUEUES + ' queues by name (or appear once sampled).</p>';
    return '<div class="queue" data-queue="' + esc(q.name) + '" data-messages="' + q.messages + '"><h3>' + esc(q.name) + '</h3>' +
      '<div class="facts">messages <b class="messages">' + q.messages + '</b> · visible <b class="visible">' + t.visible + '</b> · in flight <b>' + t.inFlight +
      '</b> · delayed <b>' + t.delayed + '</b> · dead-lettered <b class="dead-lettered">' + t.deadLettered + '</b> · oldest <b>' + esc(age(t.oldestMessageAgeMs)) + '</b>' +
      (q.complete ? '' : ' · ' + badge('some partitions did not answer', 'warn')) + '</div>' +
      '<div class="actions">' +
      '<button type="button" class="redrive" data-action="redrive" data-queue="' + esc(q.name) + '"' + (t.deadLettered ? '' : ' disabled') + '>Redrive dead letters</button>' +
      '<button type="button" class="purge danger" data-action="purge" data-queue="' + esc(q.name) + '">Purge messages</button>' +
      '<button type="button" class="purge-dead danger" data-action="purge-dead" data-queue="' + esc(q.name) + '"' + (t.deadLettered ? '' : ' disabled') + '>Purge dead letters</button>' +
      '</div><div class="charts">' + charts + '</div>' +
      '<table class="partitions"><thead><tr><th class="num">Partition</th><th class="num">Group</th><th class="num">Visible</th><th class="num">In flight</th><th class="num">Delayed</th>' +
      '<th class="num">Dead-lettered</th><th class="num">Oldest</th><th class="num">Sent</th><th class="num">Acked</th></tr></thead><tbody>' + rows + '</tbody></table></div>';
  }

  var ACTIONS = {
    'redrive': { path: 'redrive', body: '{}', verb: 'Move every dead letter of', after: 'back to the queue (visible, delivery count reset)?' },
    'purge': { path: 'purge', body: '{}', verb: 'Delete every message (visible, delayed and in flight) of', after: '? This cannot be undone.' },
    'purge-dead': { path: 'purge', body: '{"deadLetters":true}', verb: 'Delete every dead letter of', after: '? This cannot be undone.' },
  };

  // Redrive and purge go to the silo that served this page (same origin: a POST never carries the
  // login cookie, so the token goes as a Bearer header), only after the dialog is confirmed.
  function askToAct(button) {
    var action = ACTIONS[button.dataset.action], queue = button.dataset.queue;
    var dialog = $('confirm');
    $('confirm-text').textContent = action.verb + ' queue “' + queue + '” ' + action.after;
    dialog.dataset.action = button.dataset.action;
    dialog.dataset.queue = queue;
    dialog.returnValue = '';
    dialog.showModal();
  }

  function act(actionName, queue) {
    var action = ACTIONS[actionName];
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    var tk = token();
    if (tk) { headers['Authorization'] = 'Bearer ' + tk; }
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, 4 * FETCH_TIMEOUT_MS);
    var result = $('queue-action-result');
    result.className = 'note';
    result.textContent = actionName + ' of ' + queue + '…';
    fetch(new URL('queues/' + encodeURIComponent(queue) + '/' + action.path, location.origin + '/'),
      { method: 'POST', headers: headers, body: action.body, signal: controller.signal, cache: 'no-store', credentials: 'omit' })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) { throw new Error((body && (body.detail || body.title)) || 'HTTP ' + response.status); }
          result.textContent = (actionName === 'redrive' ? 'Redrove ' : 'Purged ') + body.count + (actionName === 'purge' ? ' messages' : ' dead letters') + ' of ' + queue + '.';
          result.dataset.count = body.count;
        });
      })
      .catch(function (error) {
        result.className = 'note bad';
        result.textContent = actionName + ' of ' + queue + ' failed: ' + (error && error.name === 'AbortError' ? 'no answer' : error && error.message) +
          (state.base !== location.origin + '/' ? ' (the silo that served this page may be down: open the page on another silo)' : '');
      })
      .finally(function () { clearTimeout(timer); schedule(0); });
  }

  // ---- cache -----------------------------------------------------------------------------------

  function percent(x) { return typeof x === 'number' ? (100 * x).toFixed(1) + ' %' : '–'; }

  function num(v) { return v === null || v === undefined ? '–' : esc(v); }

  function lineCount(lines, s) { return lines && lines[s] !== undefined && lines[s] !== null ? lines[s] : '–'; }

  function renderCache(data) {
    if (!data.cache) {
      $('cache-silos-section').classList.add('hidden');
      $('cache-unavailable').classList.remove('hidden');
      $('cache-unavailable').textContent = 'Cache endpoints unavailable: ' + state.name + ' does not serve /cluster/cache (404).';
    } else {
      $('cache-unavailable').classList.add('hidden');
      $('cache-silos-section').classList.remove('hidden');
      var silos = data.cache.silos;
      var sum = function (f) { return silos.reduce(function (a, x) { return a + (x[f] || 0); }, 0); };
      var lines = function (st) { return silos.reduce(function (a, x) { return a + (x.lines && x.lines[st] || 0); }, 0); };
      var hits = sum('hits'), misses = sum('misses');
      silos = silos.slice().sort(function (a, b) { return a.silo < b.silo ? -1 : a.silo > b.silo ? 1 : 0; });
      $('cache-cards').innerHTML =
        card('Hit rate (all silos)', hits + misses ? percent(hits / (hits + misses)) : '–', 'cache-hit-rate') +
        card('Modified lines', lines('M'), 'cache-lines-M') + card('Exclusive lines', lines('E'), 'cache-lines-E') +
        card('Shared lines', lines('S'), 'cache-lines-S') +
        card('Invalidations sent / acked', sum('invalidationsSent') + ' / ' + sum('invalidationsAcked'), 'cache-invalidations');
      $('cache-silos').tBodies[0].innerHTML = silos.map(function (x) {
        if (x.error) {
          return '<tr data-silo="' + esc(x.silo) + '" class="unanswered"><td class="mono">' + esc(x.silo) + '</td><td colspan="10" class="sub">did not answer: ' + esc(x.error) + '</td></tr>';
        }
        return '<tr data-silo="' + esc(x.silo) + '"><td class="mono">' + esc(x.silo) + '</td><td class="num hit-rate">' + esc(percent(x.hitRate)) + '</td><td class="num">' + num(x.hits) +
          '</td><td class="num">' + num(x.misses) + '</td><td class="num">' + lineCount(x.lines, 'M') + '</td><td class="num">' + lineCount(x.lines, 'E') + '</td><td class="num">' +
          lineCount(x.lines, 'S') + '</td><td class="num">' + num(x.invalidationsSent) + ' / ' + num(x.invalidationsAcked) + '</td><td class="num">' + num(x.recalls) + '</td><td class="num">' +
          num(x.evictions) + '</td><td class="num">' + num(x.bytes) + '</td></tr>';
      }).join('');
    }
    renderRoundTrip(data.metrics);
    renderEntry(data);
  }

  // The invalidation round trip from the answering silo's /metrics (its writes that had to
  // invalidate copies): the mean over each poll interval, kept here for the last MAX_LATENCY_POINTS polls.
  var MAX_LATENCY_POINTS = 90;
  function renderRoundTrip(metrics) {
    var reading = roundTripOf(metrics);
    var last = state.latency.length ? state.latency[state.latency.length - 1] : null;
    if (reading) {
      var v = last && last.silo === state.name && reading.count > last.count ? (reading.sum - last.sum) / (reading.count - last.count) : null;
      state.latency.push({ t: Date.now(), v: v, sum: reading.sum, count: reading.count, silo: state.name });
      while (state.latency.length > MAX_LATENCY_POINTS) { state.latency.shift(); }
    }
    $('cache-round-trip').innerHTML = reading
      ? '<div class="charts">' + chart('Invalidation round trip (mean ms per poll, writes through ' + state.name + ')', state.latency, ' ms') + '</div>' +
        '<p class="note" id="round-trip-total">' + reading.count + ' writes through ' + esc(state.name) + ' had to invalidate copies' +
        (reading.count ? ', ' + fmt(reading.sum / reading.count) + ' ms on average since it started' : '') + '.</p>'
      : '<p class="note">No invalidation round trip measured by ' + esc(state.name) + ' yet.</p>';
  }

  function roundTripOf(metrics) {
    if (!metrics) { return null; }
    var sum = 0, count = 0, found = false;
    metrics.split('\n').forEach(function (line) {
      // prometheus-net prefixes the meter's name: orleanssync_cache_orleanssync_cache_invalidation_round_trip_sum{silo="..."} 12.3
      var m = /^\w*orleanssync_cache_invalidation_round_trip_(sum|count)(?:\{[^}]*\})? ([0-9.eE+-]+)/.exec(line);
      if (m) { found = true; if (m[1] === 'sum') { sum += Number(m[2]); } else { count += Number(m[2]); } }
    });
    return found ? { sum: sum, count: count } : null;
  }

  function renderEntry(data) {
    var box = $('cache-entry');
    if (!state.cacheKey) { box.innerHTML = '<p class="note">Type a key to see its directory entry and every silo’s copy.</p>'; return; }
    var e = data.entry;
    if (!e) {
      box.innerHTML = '<p class="note" id="no-entry">' + (data.cache ? 'The directory has no entry for “' + esc(state.cacheKey) + '”.' : 'Cache endpoints unavailable.') + '</p>';
      return;
    }
    box.innerHTML = '<div class="cache-key" data-key="' + esc(e.key) + '"><h3 class="mono">' + esc(e.key) + '</h3><div class="facts">version <b class="version">' + e.version +
      '</b> · owner <b class="owner">' + esc(e.owner || 'none') + '</b> · sharers <b class="sharers">' + esc(e.sharers && e.sharers.length ? e.sharers.join(', ') : 'none') + '</b></div>' +
      '<table><thead><tr><th>Silo</th><th>State</th></tr></thead><tbody>' + e.silos.map(function (x) {
        return '<tr class="copy" data-silo="' + esc(x.silo) + '" data-state="' + esc(x.state || '') + '"><td class="mono">' + esc(x.silo) + '</td><td>' +
          (x.state ? badge(x.state, 'mesi-' + x.state) : badge('no answer', 'bad') + ' <span class="sub">' + esc(x.error || '') + '</span>') + '</td></tr>';
      }).join('') + '</tbody></table></div>';
  }

  // ---- navigation ------------------------------------------------------------------------------

  function show() {
    var page = (location.hash || '#overview').slice(1).split('?')[0];
    state.page = ['overview', 'raft', 'locks', 'queues', 'cache'].indexOf(page) >= 0 ? page : 'overview';
    document.querySelectorAll('.page').forEach(function (p) { p.classList.toggle('hidden', p.id !== 'page-' + state.page); });
    document.querySelectorAll('nav a[data-page]').forEach(function (a) { a.classList.toggle('active', a.dataset.page === state.page); });
    schedule(0);
  }

  $('lock-search-form').addEventListener('submit', function (e) {
    e.preventDefault();
    state.search = $('lock-search').value;
    schedule(0);
  });
  $('queue-search-form').addEventListener('submit', function (e) {
    e.preventDefault();
    state.queueSearch = $('queue-search').value;
    schedule(0);
  });
  $('queues').addEventListener('click', function (e) {
    var button = e.target.closest('button[data-action]');
    if (button) { askToAct(button); }
  });
  $('confirm').addEventListener('close', function () {
    var dialog = $('confirm');
    if (dialog.returnValue === 'yes') { act(dialog.dataset.action, dialog.dataset.queue); }
  });
  $('cache-key-form').addEventListener('submit', function (e) {
    e.preventDefault();
    state.cacheKey = $('cache-key').value;
    schedule(0);
  });
  window.addEventListener('hashchange', show);
  show();
})();
