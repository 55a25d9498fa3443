// SPDX-License-Identifier: Apache-2.0
// Running packets through the reference firmware on the ISS engine model and through the golden
// model, and comparing them: every verdict (output frame, port, drop reason), the accounting
// invariant, per-ordering-key order and the counters of docs/feature-set.md section 7.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "baton/model/engine/engine_model.hpp"
#include "baton/fw/blob.hpp"
#include "baton/golden/router.hpp"
#include "baton/net/bytes.hpp"
#include "baton/net/flow.hpp"
#include "model_util.hpp"

namespace baton::fw_test {

namespace golden = baton::golden;
namespace engine = baton::model::engine;
namespace net = baton::net;

inline std::string image_prefix() {
  if (const char* s = std::getenv("BATON_ROUTER_IMAGE")) return s;
  return BATON_ROUTER_IMAGE;
}
inline bool have_image() { return std::filesystem::exists(image_prefix() + ".bin"); }
#define BATON_NEED_FIRMWARE() \
  if (!baton::fw_test::have_image()) GTEST_SKIP() << "no firmware image (riscv64-unknown-elf-gcc missing)"

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct RunResult {
  std::vector<golden::Verdict> expected;
  std::vector<engine::Completion> got;  // release order
  engine::EngineCounters counters;
  std::vector<engine::PagingEvent> paging;  // residency changes (EngineConfig::imem_pages != 0)
  std::size_t failures = 0;
};

inline std::string describe(const engine::Completion& c) {
  switch (c.kind) {
    case engine::OutKind::kSend: return fmt::format("send port {} frame {}", c.port, net::hex(c.frame));
    case engine::OutKind::kToHost: return fmt::format("to host (port {}) frame {}", c.port, net::hex(c.frame));
    case engine::OutKind::kDrop: return fmt::format("drop 0x{:02x}", c.reason);
    case engine::OutKind::kDone: return "done";
  }
  return "?";
}
inline std::string describe(const golden::Verdict& v) {
  std::ostringstream os;
  os << v.action;
  if (v.action == golden::Action::kDrop) os << " " << v.reason;
  else os << " port " << int{v.port} << " frame " << net::hex(v.frame);
  return os.str();
}

inline bool same(const golden::Verdict& v, const engine::Completion& c) {
  switch (v.action) {
    case golden::Action::kForward:
    case golden::Action::kReply: return c.kind == engine::OutKind::kSend && c.port == v.port && c.frame == v.frame;
    case golden::Action::kToHost: return c.kind == engine::OutKind::kToHost && c.port == v.port && c.frame == v.frame;
    case golden::Action::kDrop: return c.kind == engine::OutKind::kDrop && c.reason == static_cast<std::uint8_t>(v.reason);
  }
  return false;
}

// Runs `pkts` through both models and checks everything; `seed` goes into failure messages.
inline RunResult run_compare(const std::string& config_text, const std::vector<golden::Packet>& pkts,
                             std::uint64_t seed, engine::EngineConfig ec = {}) {
  RunResult res;
  golden::Router router(golden::parse_config(config_text));
  for (const auto& p : pkts) res.expected.push_back(router.process(p));
  engine::EngineModel model(image_prefix(), fw::compile_blob(fw::parse_config(config_text)), ec);
  std::vector<engine::InPacket> in;
  for (const auto& p : pkts) in.push_back({p.frame, p.port, p.tuser_error});
  res.got = model.run(in);
  res.counters = model.counters();
  res.paging = model.paging_events();

  // Accounting: every packet exactly once.
  std::vector<int> seen(pkts.size(), 0);
  for (const auto& c : res.got) ++seen.at(c.index);
  for (std::size_t i = 0; i < pkts.size(); ++i) {
    if (seen[i] != 1) {
      ADD_FAILURE() << fmt::format("packet ended {} times; {}", seen[i], model_test::context(seed, i));
      ++res.failures;
    }
  }
  // Verdicts.
  for (const auto& c : res.got) {
    if (res.failures >= 5) break;
    const auto& v = res.expected.at(c.index);
    if (!same(v, c)) {
      ++res.failures;
      ADD_FAILURE() << fmt::format("packet #{} (port {}) at engine cycle {}, {}\n  input    {}\n  golden   {}\n  firmware {} ({} instructions)",
                                   c.index, int{pkts[c.index].port}, c.cycle, model_test::context(seed, c.index),
                                   net::hex(pkts[c.index].frame), describe(v), describe(c), c.instructions);
    }
  }
  // Order per (output, ordering key): arrival order.
  std::map<std::pair<int, std::pair<int, net::Bytes>>, std::size_t> last;
  for (const auto& c : res.got) {
    if (c.kind != engine::OutKind::kSend && c.kind != engine::OutKind::kToHost) continue;
    const int out = c.kind == engine::OutKind::kSend ? c.port : 16;
    const auto key = std::make_pair(out, std::make_pair(int{pkts[c.index].port}, net::flow_key(pkts[c.index].frame).input));
    const auto it = last.find(key);
    if (it != last.end() && it->second > c.index) {
      ADD_FAILURE() << fmt::format("packet #{} left before #{} of the same ordering key; {}", c.index, it->second,
                                   model_test::context(seed, c.index));
      ++res.failures;
    }
    last[key] = c.index;
  }
  // Counters (section 7).
  const auto& g = router.counters();
  const auto& e = res.counters;
  EXPECT_EQ(e.rx, g.rx);
  EXPECT_EQ(e.forwarded, g.forwarded);
  EXPECT_EQ(e.replies, g.replies);
  EXPECT_EQ(e.to_host, g.to_host);
  EXPECT_EQ(e.dropped, g.dropped);
  EXPECT_EQ(e.done, 0U);
  for (unsigned k = 0; k < 5; ++k) EXPECT_EQ(e.reply[k], g.reply[k + 1]) << "reply kind " << k;
  for (unsigned r = 0; r < 256; ++r) EXPECT_EQ(e.drop[r], g.drop[r]) << fmt::format("drop 0x{:02x}", r);
  for (unsigned p = 0; p < 16; ++p) {
    EXPECT_EQ(e.port_rx[p], g.port[p].rx) << "port " << p;
    EXPECT_EQ(e.port_tx[p], g.port[p].tx) << "port " << p;
  }
  EXPECT_EQ(e.rx, e.forwarded + e.replies + e.to_host + e.dropped);
  EXPECT_EQ(g.check_invariants(), "");
  return res;
}

}  // namespace baton::fw_test
