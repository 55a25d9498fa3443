// SPDX-License-Identifier: Apache-2.0
#include "baton/tb/log.hpp"

#include <cstdlib>

namespace baton::tb::log {

int verbosity() {
  static const int level = [] {
    const char* v = std::getenv("TB_VERBOSE");
    return v ? std::atoi(v) : 0;
  }();
  return level;
}

}  // namespace baton::tb::log
