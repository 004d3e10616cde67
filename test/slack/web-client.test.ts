import { describe, expect, it } from "vitest";
import { ChannelPacer, rateLimitedSeconds, retryRateLimited } from "../../src/slack/web-client.ts";

const rateLimited = (retryAfter: number) =>
  Object.assign(new Error("rate limited"), { code: "slack_webapi_rate_limited_error", retryAfter });

describe("retryRateLimited", () => {
  it("waits each Retry-After and tries again until the call succeeds", async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryRateLimited(
      async () => {
        calls++;
        if (calls < 3) throw rateLimited(calls);
        return "ok";
      },
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(result).toBe("ok");
    expect(waits).toEqual([1000, 2000]);
  });

  it("gives up after the last attempt, caps the wait, and passes other errors through untouched", async () => {
    const waits: number[] = [];
    const always = () => Promise.reject(rateLimited(120));
    await expect(
      retryRateLimited(always, { attempts: 2, maxWaitS: 5, sleep: async (ms) => void waits.push(ms) }),
    ).rejects.toMatchObject({ code: "slack_webapi_rate_limited_error" });
    expect(waits).toEqual([5000]);
    let calls = 0;
    const other = new Error("channel_not_found");
    await expect(
      retryRateLimited(async () => {
        calls++;
        throw other;
      }),
    ).rejects.toBe(other);
    expect(calls).toBe(1);
  });

  it("recognises only rate-limited errors", () => {
    expect(rateLimitedSeconds(rateLimited(7))).toBe(7);
    expect(rateLimitedSeconds(new Error("x"))).toBeUndefined();
    expect(rateLimitedSeconds(undefined)).toBeUndefined();
  });
});

describe("ChannelPacer", () => {
  it("runs one post at a time per channel, spaced by the interval, and channels independently", async () => {
    let clock = 0;
    const waits: Array<[string, number]> = [];
    const events: string[] = [];
    let current = "";
    const pacer = new ChannelPacer(1000, {
      now: () => clock,
      sleep: async (ms) => {
        waits.push([current, ms]);
        clock += ms;
      },
    });
    let running = 0;
    let maxRunning = 0;
    const post = (channel: string, id: string, workMs: number) => {
      return pacer.run(channel, async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        events.push(`start ${id}@${clock}`);
        await new Promise((r) => setTimeout(r, 1));
        clock += workMs;
        running--;
        return id;
      });
    };
    current = "A";
    const results = await Promise.all([post("A", "a1", 100), post("A", "a2", 100), post("A", "a3", 2000)]);
    expect(results).toEqual(["a1", "a2", "a3"]);
    expect(maxRunning).toBe(1);
    // a2 starts 1000 after a1 started (a1 itself took 100); a3 likewise after a2.
    expect(events).toEqual(["start a1@0", "start a2@1000", "start a3@2000"]);
    expect(waits.map(([, ms]) => ms)).toEqual([900, 900]);
    // Another channel does not wait for A.
    waits.length = 0;
    await post("B", "b1", 0);
    expect(waits).toEqual([]);
    // The queue entry is dropped once the last post settles.
    await new Promise((r) => setTimeout(r, 0));
    expect(pacer.busyChannels).toBe(0);
  });

  it("with a burst, posts after a quiet spell go back to back, then settle to one per interval", async () => {
    let clock = 0;
    const starts: number[] = [];
    const pacer = new ChannelPacer(1000, {
      burst: 3,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    const post = () => pacer.run("A", async () => void starts.push(clock));
    await Promise.all([post(), post(), post(), post(), post()]);
    expect(starts).toEqual([0, 0, 0, 1000, 2000]);
    // After three quiet seconds the bucket is full again.
    clock += 3000;
    await Promise.all([post(), post(), post(), post()]);
    expect(starts.slice(5)).toEqual([5000, 5000, 5000, 6000]);
  });

  it("a failed post does not block the channel", async () => {
    const pacer = new ChannelPacer(0);
    await expect(pacer.run("C", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(pacer.run("C", async () => "next")).resolves.toBe("next");
  });
});
