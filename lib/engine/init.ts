/**
 * Initial weights. Weights are drawn uniformly in ±limit with the Glorot
 * (Xavier) limit √(6 / (fanIn + fanOut)) — the He limit √(6 / fanIn) for ReLU
 * layers — so signals neither vanish nor blow up at the start. Biases start
 * at 0. The one-weight and line-fit scenarios may pin their start instead.
 */
import type { EngineConfig } from "./config";
import type { Network } from "./network";
import { Rng, RNG_STREAM } from "./prng";

export function initialParams(config: EngineConfig, net: Network): Float64Array {
  const rng = Rng.fromSeed(config.seed, RNG_STREAM.init);
  const params = new Float64Array(net.paramCount);
  for (const l of net.layers) {
    if (l.layer === 0) continue;
    const limit = l.activation === "relu" ? Math.sqrt(6 / l.fanIn) : Math.sqrt(6 / (l.fanIn + l.size));
    for (let i = 0; i < l.size * l.fanIn; i++) params[l.weightOffset + i] = rng.uniform(-limit, limit);
  }
  if (config.scenario === "one-weight" || config.scenario === "line-fit") {
    const out = net.layers[1];
    if (config.initialWeight !== null) params[out.weightOffset] = config.initialWeight;
    if (config.scenario === "line-fit" && config.initialBias !== null) params[out.biasOffset] = config.initialBias;
  }
  // -0 would not survive JSON (it prints as 0) and would change the checksum bytes.
  for (let i = 0; i < params.length; i++) if (params[i] === 0) params[i] = 0;
  return params;
}
