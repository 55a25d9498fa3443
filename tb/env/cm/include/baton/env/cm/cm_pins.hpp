// SPDX-License-Identifier: Apache-2.0
// Access to the context manager's ports on any verilated configuration: per-tile slices of the
// packed-array ports, records packed with baton/records.hpp.
#pragma once

#include <verilated.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <type_traits>

#include "baton/records.hpp"
#include "baton/model/cm/cm_model.hpp"

namespace baton::env::cm {

constexpr std::uint64_t low_mask(std::size_t w) { return w >= 64 ? ~0ULL : (1ULL << w) - 1; }

// Reads `w` (<= 64) bits at `lsb` of a port (CData..QData or VlWide).
template <typename P>
std::uint64_t get_field(const P& port, std::size_t lsb, std::size_t w) {
  if constexpr (std::is_integral_v<P>) {
    return (static_cast<std::uint64_t>(port) >> lsb) & low_mask(w);
  } else {
    std::uint64_t v = 0;
    std::size_t done = 0;
    while (done < w) {
      const std::size_t bit = lsb + done;
      const std::size_t off = bit % 32;
      const std::size_t take = std::min<std::size_t>(32 - off, w - done);
      v |= ((static_cast<std::uint64_t>(port[bit / 32]) >> off) & low_mask(take)) << done;
      done += take;
    }
    return v;
  }
}

template <typename P>
void set_field(P& port, std::size_t lsb, std::size_t w, std::uint64_t value) {
  if constexpr (std::is_integral_v<P>) {
    const std::uint64_t m = low_mask(w) << lsb;
    port = static_cast<P>((static_cast<std::uint64_t>(port) & ~m) | ((value << lsb) & m));
  } else {
    std::size_t done = 0;
    while (done < w) {
      const std::size_t bit = lsb + done;
      const std::size_t off = bit % 32;
      const std::size_t take = std::min<std::size_t>(32 - off, w - done);
      const auto m = static_cast<std::uint32_t>(low_mask(take) << off);
      const auto chunk = static_cast<std::uint32_t>(((value >> done) & low_mask(take)) << off);
      port[bit / 32] = (port[bit / 32] & ~m) | chunk;
      done += take;
    }
  }
}

template <std::size_t W, typename P>
Bits<W> get_bits(const P& port, std::size_t lsb) {
  Bits<W> b;
  for (std::size_t k = 0; k < Bits<W>::kWords; ++k) {
    b.words()[k] = static_cast<std::uint32_t>(get_field(port, lsb + 32 * k, std::min<std::size_t>(32, W - 32 * k)));
  }
  return b;
}

template <std::size_t W, typename P>
void set_bits(P& port, std::size_t lsb, const Bits<W>& b) {
  for (std::size_t k = 0; k < Bits<W>::kWords; ++k) {
    set_field(port, lsb + 32 * k, std::min<std::size_t>(32, W - 32 * k), b.words()[k]);
  }
}

// The design's pins, by tile and partition.
template <typename V>
class CmPins {
 public:
  CmPins(V& dut, const model::cm::Config& cfg) : d_(dut), cfg_(cfg) {}

  [[nodiscard]] const model::cm::Config& config() const { return cfg_; }
  [[nodiscard]] bool in_reset() const { return d_.rst_ni == 0; }

  // Migration requests.
  void set_mig_valid(unsigned t, bool v) { set_field(d_.mig_valid_i, t, 1, v); }
  void set_mig(unsigned t, const MigReq& r) { set_bits(d_.mig_req_i, t * kMigReqWidth, pack(r)); }
  [[nodiscard]] bool mig_valid(unsigned t) const { return get_field(d_.mig_valid_i, t, 1) != 0; }
  [[nodiscard]] MigReq mig(unsigned t) const {
    return unpack_mig_req(get_bits<kMigReqWidth>(d_.mig_req_i, t * kMigReqWidth));
  }
  [[nodiscard]] bool mig_ready(unsigned t) const { return get_field(d_.mig_ready_o, t, 1) != 0; }

  // Dispatcher.
  void set_disp_valid(bool v) { d_.disp_valid_i = v; }
  void set_disp(const Ctx& c) { set_bits(d_.disp_ctx_i, 0, pack(c)); }
  [[nodiscard]] bool disp_valid() const { return d_.disp_valid_i != 0; }
  [[nodiscard]] Ctx disp() const { return unpack_ctx(get_bits<kCtxWidth>(d_.disp_ctx_i, 0)); }
  [[nodiscard]] bool disp_ready() const { return d_.disp_ready_o != 0; }

  // Thread free strobes.
  void set_free(unsigned t, std::optional<unsigned> thread) {
    set_field(d_.free_valid_i, t, 1, thread.has_value());
    set_field(d_.free_thread_i, t * width::kThread, width::kThread, thread.value_or(0));
  }
  [[nodiscard]] std::optional<unsigned> free(unsigned t) const {
    if (get_field(d_.free_valid_i, t, 1) == 0) return std::nullopt;
    return static_cast<unsigned>(get_field(d_.free_thread_i, t * width::kThread, width::kThread));
  }

  // Deliveries.
  [[nodiscard]] bool dlv_valid(unsigned t) const { return get_field(d_.dlv_valid_o, t, 1) != 0; }
  [[nodiscard]] model::cm::Delivery dlv(unsigned t) const {
    return {unpack_ctx(get_bits<kCtxWidth>(d_.dlv_ctx_o, t * kCtxWidth)),
            static_cast<unsigned>(get_field(d_.dlv_thread_o, t * width::kThread, width::kThread))};
  }
  void set_dlv_ready(unsigned t, bool r) { set_field(d_.dlv_ready_i, t, 1, r); }
  [[nodiscard]] bool dlv_ready(unsigned t) const { return get_field(d_.dlv_ready_i, t, 1) != 0; }

  // Drops.
  [[nodiscard]] bool drop_valid() const { return d_.drop_valid_o != 0; }
  [[nodiscard]] Ctx drop_ctx() const { return unpack_ctx(get_bits<kCtxWidth>(d_.drop_ctx_o, 0)); }
  [[nodiscard]] unsigned drop_reason() const { return d_.drop_reason_o; }
  void set_drop_ready(bool r) { d_.drop_ready_i = r; }
  [[nodiscard]] bool drop_ready() const { return d_.drop_ready_i != 0; }

  // Load requests.
  [[nodiscard]] bool load_valid() const { return d_.load_valid_o != 0; }
  [[nodiscard]] unsigned load_part() const { return d_.load_part_o; }
  void set_load_ready(bool r) { d_.load_ready_i = r; }
  [[nodiscard]] bool load_ready() const { return d_.load_ready_i != 0; }
  [[nodiscard]] bool load_requested(unsigned p) const { return get_field(d_.load_requested_o, p, 1) != 0; }
  [[nodiscard]] bool imbalance(unsigned p) const { return get_field(d_.imbalance_o, p, 1) != 0; }

  // The pager's side: thread occupancy, queues with waiting contexts, hardware TILES writes.
  [[nodiscard]] bool thr_busy(unsigned t, unsigned h) const {
    return get_field(d_.thr_busy_o, t * cfg_.threads_per_tile + h, 1) != 0;
  }
  [[nodiscard]] unsigned thr_part(unsigned t, unsigned h) const {
    return static_cast<unsigned>(get_field(d_.thr_part_o, (t * cfg_.threads_per_tile + h) * width::kPart, width::kPart));
  }
  [[nodiscard]] bool waiting(unsigned p) const { return get_field(d_.waiting_o, p, 1) != 0; }
  void set_tiles_wr(std::optional<model::cm::TilesWrite> w) {
    d_.tiles_wr_i = w.has_value();
    d_.tiles_set_i = w ? w->set : false;
    d_.tiles_part_i = w ? w->part : 0;
    d_.tiles_tile_i = w ? w->tile : 0;
  }
  [[nodiscard]] std::optional<model::cm::TilesWrite> tiles_wr() const {
    if (d_.tiles_wr_i == 0) return std::nullopt;
    return model::cm::TilesWrite{d_.tiles_set_i != 0, d_.tiles_part_i, d_.tiles_tile_i};
  }

  // Register bus.
  void set_reg(bool req, bool we, std::uint16_t addr, std::uint32_t wdata, std::uint8_t wstrb = 0xF) {
    d_.reg_req_i = req;
    d_.reg_we_i = we;
    d_.reg_addr_i = addr;
    d_.reg_wdata_i = wdata;
    d_.reg_wstrb_i = wstrb;
  }
  [[nodiscard]] bool reg_req() const { return d_.reg_req_i != 0; }
  [[nodiscard]] bool reg_we() const { return d_.reg_we_i != 0; }
  [[nodiscard]] std::uint16_t reg_addr() const { return d_.reg_addr_i; }
  [[nodiscard]] std::uint32_t reg_wdata() const { return d_.reg_wdata_i; }
  [[nodiscard]] std::uint8_t reg_wstrb() const { return d_.reg_wstrb_i; }
  [[nodiscard]] std::uint32_t reg_rdata() const { return d_.reg_rdata_o; }
  [[nodiscard]] bool reg_error() const { return d_.reg_error_o != 0; }

  // Everything the design sees this cycle, as the model's inputs.
  [[nodiscard]] model::cm::Inputs inputs() const {
    model::cm::Inputs in;
    in.mig.resize(cfg_.num_tiles);
    in.free.resize(cfg_.num_tiles);
    in.dlv_ready.resize(cfg_.num_tiles);
    for (unsigned t = 0; t < cfg_.num_tiles; ++t) {
      if (mig_valid(t)) in.mig[t] = mig(t);
      in.free[t] = free(t);
      in.dlv_ready[t] = dlv_ready(t);
    }
    if (disp_valid()) in.disp = disp();
    in.drop_ready = drop_ready();
    in.load_ready = load_ready();
    in.tiles_wr = tiles_wr();
    in.reg_req = reg_req();
    in.reg_we = reg_we();
    in.reg_addr = reg_addr();
    in.reg_wdata = reg_wdata();
    in.reg_wstrb = reg_wstrb();
    return in;
  }

 private:
  V& d_;
  model::cm::Config cfg_;
};

}  // namespace baton::env::cm
