// SPDX-License-Identifier: Apache-2.0
// AXI4-Lite master agent built from stream agents: AW, W and AR are sources with their own idle
// generators (so AW may lead W or trail it), B and R are sinks with backpressure. Responses are
// matched to requests in order, as AXI4-Lite with one ID requires.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "baton/tb/pattern.hpp"
#include "baton/tb/stream.hpp"

namespace baton::tb {

enum class AxilResp : std::uint8_t { kOkay = 0, kExOkay = 1, kSlvErr = 2, kDecErr = 3 };

struct AxilResult {
  std::uint32_t data = 0;
  AxilResp resp = AxilResp::kOkay;
  bool done = false;
};

struct AxilWrite {
  std::uint32_t addr = 0;
  std::uint32_t data = 0;
  std::uint8_t strb = 0xf;
  bool operator==(const AxilWrite&) const = default;
};

// Pins of the five channels, bound to a model by the test (see tests/unit/csr for an example).
struct AxilMasterPins {
  SourcePins<std::uint32_t> aw;
  SourcePins<AxilWrite> w;  // data and strobe; addr unused
  SinkPins<std::uint8_t> b;
  SourcePins<std::uint32_t> ar;
  SinkPins<std::uint64_t> r;  // {resp[1:0], data[31:0]} as resp << 32 | data
};

class AxilMaster {
 public:
  AxilMaster(Scheduler& sched, AxilMasterPins pins, std::string name, Rng rng, double idle = 0.0,
             double backpressure = 0.0);

  // Issue a write or a read; the result fills in when the response arrives.
  Task write(std::uint32_t addr, std::uint32_t data, std::uint8_t strb, AxilResult& out);
  Task read(std::uint32_t addr, AxilResult& out);

 private:
  Scheduler& sched_;
  std::string name_;
  StreamSource<std::uint32_t> aw_;
  StreamSource<AxilWrite> w_;
  StreamSink<std::uint8_t> b_;
  StreamSource<std::uint32_t> ar_;
  StreamSink<std::uint64_t> r_;
  std::deque<AxilResult*> pending_writes_;
  std::deque<AxilResult*> pending_reads_;
};

}  // namespace baton::tb
