import { createHash } from "node:crypto";

/**
 * A minimal ustar writer for tests and the fake GitHub: it writes what `git archive` writes (a pax
 * global header with the commit id, then the files under one top folder) and, on request, what no
 * honest tool writes (climbing paths, links to anywhere).
 */
export interface TarMember {
  readonly name: string;
  readonly body?: string | Buffer;
  /** ustar type flag: "0" file (default), "1" hard link, "2" symlink, "5" folder, "g" pax global header. */
  readonly type?: string;
  readonly link?: string;
}

export function ustar(members: readonly TarMember[]): Buffer {
  const blocks: Buffer[] = [];
  for (const member of members) {
    const body = typeof member.body === "string" ? Buffer.from(member.body) : (member.body ?? Buffer.alloc(0));
    const header = Buffer.alloc(512);
    header.write(member.name, 0, 100);
    header.write("0000644\0", 100);
    header.write("0000000\0", 108);
    header.write("0000000\0", 116);
    header.write(`${body.length.toString(8).padStart(11, "0")}\0`, 124);
    header.write("00000000000\0", 136);
    header.write(member.type ?? "0", 156);
    header.write(member.link ?? "", 157, 100);
    header.write("ustar\0", 257);
    header.write("00", 263);
    header.fill(" ", 148, 156);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** A pax record `"<len> key=value\n"`, whose length counts itself. */
function paxRecord(key: string, value: string): string {
  const rest = ` ${key}=${value}\n`;
  let length = rest.length + 1;
  while (String(length).length + rest.length !== length) length += 1;
  return `${length}${rest}`;
}

/** A repository archive as GitHub's tarball endpoint serves it: `owner-repo-sha/` then the files. */
export function repositoryTarball(top: string, files: Readonly<Record<string, string>>, commit = createHash("sha1").update(top).digest("hex")): Buffer {
  return ustar([
    { name: "pax_global_header", type: "g", body: paxRecord("comment", commit) },
    { name: `${top}/`, type: "5" },
    ...Object.entries(files).map(([path, body]) => ({ name: `${top}/${path}`, body })),
  ]);
}
