// Builds the WordPress plugin's zip, as Plugins → Add New → Upload Plugin takes it:
// `node integrations/wordpress/build-zip.mjs [out.zip]` (after `npm run build`), by default
// dist/wordpress/sign-out-button.zip. The plugin's folder, with the drop-in files of dist/cdn/ in
// assets/cdn/ and every shipped script's Subresource Integrity value in assets/integrity.json.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pluginDir = join(root, 'integrations/wordpress/sign-out-button');
const cdnDir = join(root, 'dist/cdn');

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** Every file under `dir`, as [path inside the zip, bytes]. */
function filesOf(dir, prefix) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory()
        ? filesOf(path, `${prefix}${entry.name}/`)
        : [[`${prefix}${entry.name}`, readFileSync(path)]];
    });
}

/** A zip of `entries` ([name, bytes]), deflated, as PclZip and ZipArchive both read it. */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  // 1 January 2026, 00:00: a fixed time, so that the same files make the same zip.
  const time = 0;
  const date = ((2026 - 1980) << 9) | (1 << 5) | 1;
  for (const [name, bytes] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = deflateRawSync(bytes, { level: 9 });
    const crc = crc32(bytes);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(bytes.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    locals.push(header, nameBytes, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4); // made by Unix, 3.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(bytes.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += header.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** The plugin's files, as they go into the zip under `sign-out-button/`. */
export function pluginEntries() {
  if (!existsSync(join(cdnDir, 'sign-out-button.js')))
    throw new Error('dist/cdn/ has no drop-in files: run `npm run build` first.');
  const own = filesOf(pluginDir, 'sign-out-button/');
  const cdn = filesOf(cdnDir, 'sign-out-button/assets/cdn/').filter(([name]) => !name.endsWith('integrity.json'));
  const integrity = Object.fromEntries(
    [...own, ...cdn]
      .filter(([name]) => name.endsWith('.js'))
      .map(([name, bytes]) => [name.slice('sign-out-button/assets/'.length), sri(bytes)]),
  );
  return [
    ...own,
    ...cdn,
    ['sign-out-button/assets/integrity.json', Buffer.from(`${JSON.stringify(integrity, null, 2)}\n`)],
  ];
}

export function buildZip(out = join(root, 'dist/wordpress/sign-out-button.zip')) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip(pluginEntries()));
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = buildZip(process.argv[2]);
  console.log(`wrote ${relative(process.cwd(), out)}`);
}
