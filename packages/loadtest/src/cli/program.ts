import { availableParallelism } from 'node:os';
import { Command } from 'commander';

/** Raw flag values as commander hands them over (strings; parsed and checked in `parse-options.ts`). */
export interface RawFlags {
  clients: string;
  rooms?: string;
  roomSize: string;
  tickRate: string;
  snapshotEvery?: string;
  join?: string;
  ramp: string;
  warmup: string;
  duration: string;
  workers: string;
  metricsUrl?: string;
  metrics: boolean;
  json?: string;
  html?: string;
  assert?: string;
  findCapacity?: boolean;
  start?: string;
  step: string;
  maxClients: string;
  stepRepeats: string;
  stepDuration: string;
  settle: string;
  minDelivered: string;
  maxTickBudget: string;
  connectTimeout: string;
  maxTesterLag: string;
  maxTesterBusy: string;
  namePrefix: string;
  transport: string;
  insecure?: boolean;
  allowConnectFailures: string;
  latency?: string;
  jitter?: string;
  loss?: string;
  bandwidth?: string;
  sweepTickRates?: string;
  scenario?: string;
  compareTo?: string;
  progress: boolean;
  agents?: string;
  redis?: string;
  agentsWait: string;
  agentTimeout: string;
}

const EXAMPLES = `
Examples:
  # 64 bots in 4 rooms of 16 at 30 Hz against a local server, 10 s measured
  pnpm loadtest http://127.0.0.1:3000 --clients 64

  # 60 Hz rooms of 8, reports for CI, fail the job if the SLO is missed
  pnpm loadtest http://127.0.0.1:3000 -c 200 --room-size 8 --tick-rate 60 \\
    --json report.json --html report.html --assert "snapshotRate>=59.4,gapP99<=40,serverTickP99<=8"

  # fill two existing rooms
  pnpm loadtest https://arena.example.org --join ABC234,XYZ789 --clients 20

  # largest client count that holds the SLO at 30 Hz with 16-player rooms
  pnpm loadtest http://127.0.0.1:3000 --find-capacity --step 100 --html capacity.html

  # what players at 150 ms ping with 20 ms of jitter and 2% of state ticks lost experience
  pnpm loadtest http://127.0.0.1:3000 -c 64 --latency 150 --jitter 20 --loss 2

  # a server behind TLS with a self-signed certificate
  pnpm loadtest wss://arena.test:8443 -c 64 --insecure

  # capacity and cost per client-tick at four tick rates, one chart each in the HTML report
  pnpm loadtest http://127.0.0.1:3000 --sweep-tick-rates 20,30,60,128 --find-capacity --html sweep.html

  # replay a realistic evening: phases, a room mix and a bot behaviour mix from a file
  pnpm loadtest http://127.0.0.1:3000 --scenario packages/loadtest/scenarios/friday-peak.yaml

  # did my change make it worse? (see: pnpm loadtest compare --help)
  pnpm loadtest compare before.json after.json --fail-on-regression

  # load from several machines: start an agent on each (it waits for work), then coordinate them
  pnpm loadtest agent --redis redis://10.0.0.5:6379 --name box2
  pnpm loadtest http://10.0.0.9:3000 -c 2000 --agents 1 --redis redis://10.0.0.5:6379

Exit codes (every exit prints one line saying why):
  0  the run passed
  1  the run finished but failed: an --assert threshold, an agent lost mid-run, bots that could not connect and join (more
     than --allow-connect-failures), or a capacity search in which not even the first step held
  2  nothing measured: bad flags, unreachable URL, untrusted TLS certificate (see --insecure), not a
     Tick Arena server, wrong protocol version, a --join room full or missing, fewer --agents
     than asked (\`agent --help\` for the agent's flags)
  3  a bug in the tester
  130 / 143  interrupted by SIGINT / SIGTERM
Servers limit connections per IP: start the server under test with MAX_CONNECTIONS_PER_IP=0.
`;

/** The commander definition of `tick-arena-loadtest`. Defaults live here, next to their help text. */
export function buildProgram(): Command {
  return new Command('tick-arena-loadtest')
    .description(
      'Drive bot clients against a Tick Arena server and report what it delivered: snapshot rate, jitter, ' +
        "latency, bandwidth, connects, and the server's own tick times.",
    )
    .argument('<url>', 'server base URL, e.g. http://127.0.0.1:3000')
    .option('-c, --clients <n>', 'bot clients to connect', '32')
    .option('-r, --rooms <n>', 'rooms to spread the clients over (default: fill rooms of --room-size)')
    .option('--room-size <n>', 'seats (maxPlayers) of each created room', '16')
    .option('--tick-rate <hz>', 'tick rate of created rooms', '30')
    .option('--snapshot-every <n>', "snapshot every Nth tick in created rooms (default: the server's)")
    .option('--join <codes>', 'join these existing room codes (comma-separated) instead of creating rooms')
    .option('--ramp <n>', 'new clients per second', '100')
    .option('--warmup <s>', 'seconds between the end of the ramp and the measurement', '2')
    .option('-d, --duration <s>', 'seconds measured', '10')
    .option(
      '-w, --workers <n>',
      'worker threads running bots',
      String(Math.max(1, availableParallelism() - 1)),
    )
    .option('--metrics-url <url>', 'Prometheus endpoint of the server (default: <url>/metrics)')
    .option('--no-metrics', 'do not scrape server metrics')
    .option('--json <file>', 'write the full report as JSON')
    .option('--html <file>', 'write a self-contained HTML report with charts')
    .option(
      '--assert <conditions>',
      'comma-separated thresholds, e.g. "snapshotRate>=29.5,gapP99<=50"; exit 1 if one fails',
    )
    .option(
      '--find-capacity',
      'add clients step by step until the SLO breaks and report the largest count that held',
    )
    .option('--start <n>', 'capacity: clients in the first step (default: --step)')
    .option('--step <n>', 'capacity: clients added per step', '50')
    .option('--max-clients <n>', 'capacity: stop here', '5000')
    .option('--step-repeats <n>', 'capacity: measured windows per step (their medians are judged)', '3')
    .option('--step-duration <s>', 'capacity: seconds per measured window', '3')
    .option('--settle <s>', 'capacity: seconds after adding clients before measuring', '2')
    .option('--min-delivered <fraction>', 'capacity SLO: delivered/nominal snapshot rate at least', '0.99')
    .option(
      '--max-tick-budget <fraction>',
      'capacity SLO: server tick p99 at most this share of the tick period',
      '0.5',
    )
    .option('--connect-timeout <ms>', 'give up on a connect or room request after', '10000')
    .option(
      '--allow-connect-failures <fraction>',
      'share of the bots that may fail to connect and join without failing the run (exit 1)',
      '0',
    )
    .option('--insecure', "accept the server's TLS certificate even if it is not trusted (self-signed)")
    .option(
      '--max-tester-lag <ms>',
      'tester counts as saturated above this worker event-loop delay p99',
      '20',
    )
    .option(
      '--max-tester-busy <fraction>',
      'tester counts as saturated above this worker event-loop utilisation',
      '0.9',
    )
    .option('--name-prefix <s>', 'bot name prefix', 'lt')
    .option(
      '--transport <name>',
      'bot client library: lean (Engine.IO on a plain WebSocket, cheapest per bot) or socket.io (the reference socket.io-client)',
      'lean',
    )
    .option(
      '--latency <ms>',
      "simulated network: round-trip time added to every bot, half each way (the browser's ?netsim=RTT,jitter,loss)",
    )
    .option('--jitter <ms>', "simulated network: each message's one-way delay varies by up to ± this much")
    .option(
      '--loss <percent>',
      'simulated network: state ticks lost on the way to each bot (nothing else is lost)',
    )
    .option(
      '--bandwidth <KB/s>',
      'simulated network: bandwidth cap per bot and direction, kilobytes per second',
    )
    .option(
      '--sweep-tick-rates <list>',
      'run at each of these tick rates (comma-separated, e.g. 20,30,60,128) in turn: with --find-capacity, the capacity and cost per client-tick at each',
    )
    .option(
      '--scenario <file>',
      'replay a scenario (JSON or YAML): phases, room mix, behaviour mix; replaces --clients, --rooms, --room-size, --tick-rate, --snapshot-every, --ramp, --warmup, --duration',
    )
    .option(
      '--compare-to <report.json>',
      'HTML report: compare this run with an earlier one and overlay them',
    )
    .option(
      '--agents <n>',
      'also run bots on N tester agents (`tick-arena-loadtest agent`), coordinated through --redis; bots and rooms are split between them and this process',
    )
    .option('--redis <url>', 'Redis that coordinates --agents, e.g. redis://127.0.0.1:6379')
    .option('--agents-wait <s>', 'agents: fail if fewer than --agents joined within this long', '10')
    .option('--agent-timeout <s>', 'agents: an agent without a heartbeat for this long is lost (exit 1)', '5')
    .option('--no-progress', 'no live progress line (it is shown only on a terminal anyway)')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError(false);
}
