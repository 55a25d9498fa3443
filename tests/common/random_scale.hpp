// SPDX-License-Identifier: Apache-2.0
// The scale of a randomized suite that is compiled once and linked into several executables (smoke,
// unit, slow): each executable links random_scale.cpp built with its own BATON_RANDOM_SCALE.
#pragma once

namespace baton::test {

extern const unsigned kRandomScale;

}  // namespace baton::test
