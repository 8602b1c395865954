/** The simulator's single page: be one or several residents and chat with the bot. */
export const SIMULATOR_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gathering Voices — simulator</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 0; background: #f4f1ea; color: #222; }
  header { background: #2f5d50; color: #fff; padding: 12px 16px; }
  header h1 { margin: 0; font-size: 18px; }
  header p { margin: 4px 0 0; opacity: .85; font-size: 13px; }
  main { display: flex; flex-wrap: wrap; gap: 16px; padding: 16px; }
  .phone { width: 340px; background: #fff; border-radius: 14px; box-shadow: 0 1px 4px #0002; display: flex; flex-direction: column; height: 520px; }
  .phone h2 { margin: 0; padding: 10px 12px; font-size: 14px; border-bottom: 1px solid #eee; display: flex; justify-content: space-between; }
  .log { flex: 1; overflow-y: auto; padding: 10px; display: flex; flex-direction: column; gap: 6px; }
  .msg { max-width: 85%; padding: 7px 10px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; }
  .me { align-self: flex-end; background: #2f5d50; color: #fff; }
  .bot { align-self: flex-start; background: #ecebe6; }
  .err { align-self: center; color: #a33; font-size: 12px; }
  form { display: flex; border-top: 1px solid #eee; }
  input { flex: 1; border: 0; padding: 12px; font: inherit; border-radius: 0 0 0 14px; }
  button { border: 0; background: #2f5d50; color: #fff; padding: 0 14px; font: inherit; cursor: pointer; }
  form button { border-radius: 0 0 14px 0; }
  .add { align-self: flex-start; border-radius: 8px; padding: 10px 14px; }
  .clock { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 8px 16px; background: #e4ece8; font-size: 14px; }
  .clock button { border-radius: 6px; padding: 6px 10px; font-size: 13px; }
  .clock small { opacity: .75; }
</style>
</head>
<body>
<header><h1>Gathering Voices — local simulator</h1>
<p>Each card is one resident. Write as residents do ("yes please", "stop texting me", "c'est quoi?", "I'm a senior"), or try YES, OUI, STOP, START, HELP, DELETE, FR, SKIP. Nothing leaves this machine.</p></header>
<div class="clock" id="clock" hidden>
  <span>Simulated time: <strong id="clock-now"></strong> <small id="clock-offset"></small></span>
  <button type="button" data-advance="1h">+1 hour</button>
  <button type="button" data-advance="1d">+1 day</button>
  <button type="button" data-advance="1w">One week later</button>
  <small>Scheduled questions, reminders and quiet hours follow this clock.</small>
</div>
<main id="phones"><button class="add" id="add" type="button">+ Add a resident</button></main>
<script>
(function () {
  var count = 0;
  var main = document.getElementById('phones');
  var pollers = [];
  function pollAll() { pollers.forEach(function (p) { p(); }); }
  var clockBar = document.getElementById('clock');
  function showClock(c) {
    if (!c.enabled) { clockBar.hidden = true; return; }
    clockBar.hidden = false;
    var when = new Date(c.now);
    document.getElementById('clock-now').textContent = when.toLocaleString('en-CA',
      { timeZone: c.timezone, weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) +
      ' (' + c.timezone + ')';
    var hours = Math.round(c.offsetMs / 3600000);
    document.getElementById('clock-offset').textContent = hours ? '+' + (hours >= 48 ? Math.round(hours / 24) + ' days' : hours + ' h') + ' ahead' : '';
  }
  fetch('/simulator/clock').then(function (r) { return r.json(); }).then(showClock).catch(function () {});
  clockBar.addEventListener('click', function (e) {
    var step = e.target && e.target.getAttribute && e.target.getAttribute('data-advance');
    if (!step) return;
    fetch('/simulator/clock', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: step }) })
      .then(function (r) { return r.json(); })
      .then(function (c) { showClock(c); pollAll(); })
      .catch(function () {});
  });
  function addPhone() {
    count += 1;
    var id = 'resident-' + count + '-' + Math.random().toString(36).slice(2, 7);
    var card = document.createElement('section');
    card.className = 'phone';
    card.innerHTML = '<h2><span></span><small></small></h2><div class="log" aria-live="polite"></div>' +
      '<form><input autocomplete="off" placeholder="Type a message" aria-label="Message"><button>Send</button></form>';
    card.querySelector('span').textContent = 'Resident ' + count;
    card.querySelector('small').textContent = id;
    var log = card.querySelector('.log');
    function show(text, who) {
      var div = document.createElement('div');
      div.className = 'msg ' + who;
      div.textContent = text;
      log.appendChild(div);
      log.scrollTop = log.scrollHeight;
    }
    card.querySelector('form').addEventListener('submit', function (e) {
      e.preventDefault();
      var input = card.querySelector('input');
      var text = input.value;
      input.value = '';
      show(text || '(empty)', 'me');
      fetch('/simulator/messages', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: id, text: text }) })
        .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
        .then(function (r) {
          if (!r.ok) { show(r.body.error ? r.body.error.message : 'error', 'err'); return; }
          r.body.replies.forEach(function (t) { show(t, 'bot'); });
        })
        .catch(function () { show('network error', 'err'); });
    });
    function poll() {
      fetch('/simulator/inbox?from=' + encodeURIComponent(id)).then(function (r) { return r.json(); })
        .then(function (b) { (b.messages || []).forEach(function (t) { show(t, 'bot'); }); }).catch(function () {});
    }
    pollers.push(poll);
    setInterval(poll, 3000);
    main.insertBefore(card, document.getElementById('add'));
    card.querySelector('input').focus();
  }
  document.getElementById('add').addEventListener('click', addPhone);
  addPhone();
})();
</script>
</body>
</html>
`;
