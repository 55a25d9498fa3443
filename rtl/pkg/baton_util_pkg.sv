// SPDX-License-Identifier: Apache-2.0
// Elaboration-time helpers shared by every Baton module. Every RTL library includes this package
// first (cmake/BatonRtl.cmake), so modules may call it without listing it.
`default_nettype none

package baton_util_pkg;

  // Width of an index into n items: $clog2(n), but at least one bit so a one-item array still
  // has a legal index signal.
  function automatic int unsigned idx_w(input int unsigned n);
    return (n > 1) ? $clog2(n) : 1;
  endfunction

endpackage
