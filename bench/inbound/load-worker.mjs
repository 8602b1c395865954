// The load generator, on its own thread (its own core on a 2-core machine), so the server being
// measured does not also pay for the client. Plain JS: a worker needs no TypeScript loader.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

// `targets`: several runners behind no load balancer; request i goes to targets[i % n].
const { target, targets, hooks, concurrency } = workerData;

function post(agent, url, hook) {
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (status, body) => resolve({ status, body, ms: performance.now() - started });
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(hook.body),
          'x-twilio-signature': hook.signature,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => done(res.statusCode ?? 0, Buffer.concat(chunks).toString()));
        res.on('error', () => done(0, ''));
      },
    );
    req.on('error', () => done(0, ''));
    req.end(hook.body);
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const urls = (targets ?? [target]).map((t) => new URL('/sms/twilio', t));
const outcomes = new Array(hooks.length);
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < hooks.length) {
      const i = next++;
      outcomes[i] = await post(agent, urls[i % urls.length], hooks[i]);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
agent.destroy();
parentPort.postMessage({ outcomes, seconds });
