// SPDX-License-Identifier: Apache-2.0
// Idle and backpressure generators: each call to next() says whether the agent is willing
// (source: offer an item; sink: assert ready) this cycle.
#pragma once

#include <functional>
#include <memory>

#include "baton/tb/rng.hpp"

namespace baton::tb {

using Pattern = std::function<bool()>;

namespace pattern {
inline Pattern always() { return [] { return true; }; }
inline Pattern never() { return [] { return false; }; }
// Willing with probability p each cycle.
inline Pattern random(Rng rng, double p) {
  auto r = std::make_shared<Rng>(rng);
  return [r, p] { return r->chance(p); };
}
// Alternates bursts of willing and unwilling cycles with random lengths in [1, max_len].
inline Pattern bursty(Rng rng, unsigned max_len) {
  struct State {
    Rng rng;
    bool on = true;
    unsigned left = 0;
  };
  auto s = std::make_shared<State>(State{rng});
  return [s, max_len] {
    if (s->left == 0) {
      s->on = !s->on;
      s->left = static_cast<unsigned>(s->rng.range(1, max_len));
    }
    --s->left;
    return s->on;
  };
}
}  // namespace pattern

}  // namespace baton::tb
