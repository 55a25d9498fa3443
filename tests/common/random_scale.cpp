// SPDX-License-Identifier: Apache-2.0
#include "random_scale.hpp"

#ifndef BATON_RANDOM_SCALE
#error "BATON_RANDOM_SCALE must be defined by the executable that links this file"
#endif

namespace baton::test {

const unsigned kRandomScale = BATON_RANDOM_SCALE;

}  // namespace baton::test
