// The site's own SCM (Kudu) host from enabledHostNames: "<app>.scm.azurewebsites.net", or with a unique default
// hostname "<app>-<hash>.scm.<region>.azurewebsites.net". Never built from the app name. Pure.
const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export function scmHostOf(hostNames: readonly string[] | undefined): string | undefined {
  return (hostNames ?? []).find((h) => typeof h === "string" && /\.scm\./i.test(h) && HOST.test(h))?.toLowerCase();
}
