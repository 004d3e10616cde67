import { describe, expect, it } from "vitest";
import { ok } from "../../../src/sim/azure/http.ts";
import { parseUrl, Router } from "../../../src/sim/azure/router.ts";

describe("parseUrl", () => {
  it("collapses //, decodes segments and query keys, keeps + literal", () => {
    const u = parseUrl(
      "//subscriptions/s1//providers/x/metrics:getBatch?api%2Dversion=2024-02-01&%24filter=Instance%20eq%20%27*%27&t=a+b",
    );
    expect(u.path).toBe("/subscriptions/s1/providers/x/metrics:getBatch");
    expect(u.query).toEqual({ "api-version": "2024-02-01", $filter: "Instance eq '*'", t: "a+b" });
  });
});

describe("Router", () => {
  const h = () => ok();
  const router = new Router([
    {
      id: "sites.get",
      method: "GET",
      pattern: "subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Web/sites/{name}",
      auth: "arm",
      action: "a",
      handler: h,
    },
    {
      id: "metrics.list",
      method: "GET",
      pattern: "{+resource}/providers/Microsoft.Insights/metrics",
      auth: "arm",
      action: "a",
      handler: h,
    },
  ]);

  it("matches literals case-insensitively and captures parameters", () => {
    const m = router.match(
      "get",
      parseUrl("/SUBSCRIPTIONS/s1/resourcegroups/RG/providers/microsoft.web/sites/app").segments,
    );
    expect(m && "route" in m ? [m.route.id, m.params] : m).toEqual(["sites.get", { sub: "s1", rg: "RG", name: "app" }]);
  });

  it("captures a greedy resource ID", () => {
    const m = router.match(
      "GET",
      parseUrl(
        "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/a/slots/b/providers/microsoft.insights/metrics",
      ).segments,
    );
    expect(m && "route" in m ? m.params.resource : m).toBe(
      "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/a/slots/b",
    );
  });

  it("tells a wrong method from an unknown path", () => {
    expect(
      router.match("DELETE", parseUrl("/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/sites/a").segments),
    ).toEqual({ methodMismatch: true });
    expect(router.match("GET", parseUrl("/nothing/here").segments)).toBeUndefined();
  });
});
