import { describe, expect, it } from "vitest";
import { KeyedQueue, RecentKeys } from "./serialize.js";

describe("KeyedQueue", () => {
  it("runs tasks of one key strictly one after another, other keys alongside", async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string, gate: Promise<void>) => async () => {
      log.push(`start ${name}`);
      await gate;
      log.push(`end ${name}`);
    };
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const a1 = queue.run("a", task("a1", gate));
    const a2 = queue.run("a", task("a2", Promise.resolve()));
    const b1 = queue.run("b", task("b1", Promise.resolve()));
    await b1;
    expect(log).toEqual(["start a1", "start b1", "end b1"]);
    open();
    await Promise.all([a1, a2]);
    expect(log).toEqual(["start a1", "start b1", "end b1", "end a1", "start a2", "end a2"]);
  });

  it("keeps going after a task fails", async () => {
    const queue = new KeyedQueue();
    await expect(queue.run("a", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(queue.run("a", async () => 2)).resolves.toBe(2);
    await queue.idle();
  });
});

describe("RecentKeys", () => {
  it("lets a key through once per window", async () => {
    let clock = 0;
    const recent = new RecentKeys(1000, () => clock);
    expect(await recent.claim("a")).toBe(true);
    expect(await recent.claim("a")).toBe(false);
    expect(await recent.claim("b")).toBe(true);
    clock = 1500;
    expect(await recent.claim("a")).toBe(true);
  });
});
