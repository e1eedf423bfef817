import { AraldoError, ConfigError } from '@araldo/core';
import { Command } from 'commander';
import { backup } from './commands/backup';
import { channelAdd, channelList } from './commands/channels';
import { postCreate, postList, postShow } from './commands/posts';
import { run, runMigrations } from './commands/serve';
import { textMeasure } from './commands/text';
import { tokenCreate } from './commands/tokens';
import { userList } from './commands/user-list';
import { userCreate } from './commands/users';
import { workspaceCreate, workspaceList } from './commands/workspaces';

const program = new Command('araldo')
  .description('Araldo: write once, publish everywhere, answer and measure.')
  .showHelpAfterError();

program
  .command('start')
  .description('API, workers and web app in one process (the embedded default)')
  .action(() => run({ api: true, workers: true }));
program
  .command('serve')
  .description('API and web app only; run workers separately with `araldo worker`')
  .action(() => run({ api: true, workers: false }));
program
  .command('worker')
  .description('Background workers only (scaled-out mode)')
  .action(() => run({ api: false, workers: true }));
program.command('migrate').description('Apply database migrations and exit').action(runMigrations);
program
  .command('backup <file>')
  .description('Write a consistent copy of the SQLite database to <file> while Araldo runs')
  .action(backup);

const user = program.command('user').description('People who can sign in');
user
  .command('create')
  .description('Create a user; on a fresh install, the owner and a default workspace')
  .requiredOption('--email <email>')
  .requiredOption('--password <password>', 'at least 10 characters')
  .option('--name <name>')
  .option('--workspace <id>', 'workspace to join (default: the first)')
  .option('--role <role>', 'owner, admin, editor, contributor or viewer (default editor)')
  .option('--time-zone <zone>', "first workspace's IANA time zone (default: this machine's)")
  .option('--json', 'print JSON')
  .action(userCreate);
user.command('list').description('All users').option('--json', 'print JSON').action(userList);

const workspace = program
  .command('workspace')
  .description('Brands or clients, each with its channels and posts');
workspace.command('list').description('All workspaces').option('--json', 'print JSON').action(workspaceList);
workspace
  .command('create')
  .requiredOption('--name <name>')
  .option('--time-zone <zone>', 'IANA time zone', 'UTC')
  .option('--owner <email>', 'the owner (default: the only owner)')
  .option('--json', 'print JSON')
  .action((o) => workspaceCreate({ ...o, timeZone: o.timeZone }));

const token = program.command('token').description('Personal API tokens');
token
  .command('create')
  .description('Create a personal API token and print it once')
  .option('--user <email>', 'whose token (default: the only owner)')
  .option('--name <name>', 'a label to recognise it by', 'cli')
  .option('--scope <scope>', 'read or write', 'write')
  .option('--expires-in-days <days>')
  .option('--json', 'print JSON')
  .action(tokenCreate);

const channel = program.command('channel').description('Connected accounts on the networks');
const add = channel
  .command('add')
  .description('Connect an account (checked with the network before it is saved)');
const common = (c: Command) =>
  c
    .option('--workspace <id>', 'the workspace (default: the only or first)')
    .option('--name <name>', 'a name for the channel')
    .option('--time-zone <zone>', "the channel's IANA time zone (default: the workspace's)")
    .option('--json', 'print JSON');
common(
  add
    .command('bluesky')
    .requiredOption('--service <url>', 'your PDS, e.g. https://bsky.social')
    .requiredOption('--identifier <handle>', 'handle or email')
    .requiredOption('--app-password <password>', 'an app password (Settings → App passwords)'),
).action((o) => channelAdd('bluesky', o));
common(
  add
    .command('mastodon')
    .requiredOption('--server <url>', 'your instance, e.g. https://mastodon.social')
    .requiredOption('--token <token>', 'an access token (Preferences → Development)'),
).action((o) => channelAdd('mastodon', o));
common(add.command('sandbox').description('A simulated network with a simulated audience')).action((o) =>
  channelAdd('sandbox', o),
);
channel
  .command('list')
  .option('--workspace <id>', 'the workspace (default: the only or first)')
  .option('--json', 'print JSON')
  .action(channelList);

const post = program.command('post').description('Posts and their deliveries');
post
  .command('create')
  .description('Write a post; with --now, --at or --queue it is scheduled, otherwise it is a draft')
  .requiredOption('--channel <ids>', 'channel id, or several separated by commas')
  .requiredOption('--text <text>')
  .option('--media <files...>', 'images or a video to attach')
  .option('--now', 'publish as soon as a worker can')
  .option('--at <local>', 'a local date and time, e.g. 2026-12-01T09:30 (with --tz)')
  .option('--tz <zone>', 'the IANA time zone of --at, e.g. Europe/Rome')
  .option('--queue', "each channel's next free posting slot")
  .option(
    '--evergreen <afterDays:maxTimes>',
    "re-queue it on each channel after afterDays days, at most maxTimes times, while it beats the channel's median",
  )
  .option('--workspace <id>', 'the workspace (default: the only or first)')
  .option('--json', 'print JSON')
  .action(postCreate);
post
  .command('list')
  .option('--status <status>', 'draft, awaiting_approval, scheduled, published, failed…')
  .option('--workspace <id>', 'the workspace (default: the only or first)')
  .option('--json', 'print JSON')
  .action(postList);
post
  .command('show <id>')
  .option('--workspace <id>', 'the workspace (default: the only or first)')
  .option('--json', 'print JSON')
  .action(postShow);

const text = program.command('text').description('Text as each network counts it');
text
  .command('measure')
  .description('Measure text read on stdin; prints {"network","length","limit","fits"}')
  .requiredOption('--network <id>')
  .action(textMeasure);

/** Known failures print one clear line; only a bug prints a stack (with LOG_LEVEL=debug). */
function fail(error: unknown): never {
  if (error instanceof AraldoError || error instanceof ConfigError) {
    console.error(`araldo: ${error.message}`);
    for (const d of error instanceof AraldoError ? (error.details ?? []) : []) {
      console.error(`  ${d.path}: ${d.message}`);
    }
  } else if (process.env.LOG_LEVEL === 'debug') {
    console.error(error);
  } else {
    console.error(`araldo: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
}

program.parseAsync(process.argv).catch(fail);
