// Microsoft.Web/serverfarms wire shape (GetAppServicePlan.json). numberOfWorkers == sku.capacity, as the real
// service shows once a scale operation has completed.

import type { SimPlan } from "../fleet.ts";
import { planId } from "../world.ts";

export function planWire(plan: SimPlan, numberOfSites: number): Record<string, unknown> {
  return {
    id: planId(plan),
    name: plan.name,
    type: "Microsoft.Web/serverfarms",
    kind: plan.kind,
    location: plan.location,
    tags: {},
    sku: { ...plan.sku },
    properties: {
      serverFarmId: 0,
      name: plan.name,
      workerSize: "Default",
      workerSizeId: 0,
      numberOfWorkers: plan.sku.capacity,
      currentWorkerSize: "Default",
      currentWorkerSizeId: 0,
      currentNumberOfWorkers: plan.sku.capacity,
      status: "Ready",
      webSpace: `${plan.resourceGroup}-${plan.location.replace(/\s+/g, "")}webspace`,
      subscription: plan.subscriptionId,
      maximumNumberOfWorkers: plan.maximumNumberOfWorkers,
      planName: "VirtualDedicatedPlan",
      perSiteScaling: false,
      elasticScaleEnabled: plan.elasticScaleEnabled,
      maximumElasticWorkerCount: plan.maximumElasticWorkerCount ?? 1,
      numberOfSites,
      isSpot: false,
      kind: plan.kind,
      reserved: plan.reserved,
      isXenon: false,
      hyperV: false,
      targetWorkerCount: 0,
      targetWorkerSizeId: 0,
      provisioningState: "Succeeded",
      geoRegion: plan.location,
      resourceGroup: plan.resourceGroup,
      zoneRedundant: false,
    },
  };
}
