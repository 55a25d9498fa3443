// SPDX-License-Identifier: Apache-2.0
// Conversions between C++ payload types and Verilator port storage (CData/SData/IData/QData for
// up to 64 bits, VlWide<N> beyond), so agents can bind to model members directly.
#pragma once

#include <verilated.h>

#include <cstdint>
#include <type_traits>

#include "baton/bits.hpp"

namespace baton::tb {

template <typename Port, typename T>
  requires std::is_integral_v<Port> && std::is_integral_v<T>
void write_port(Port& port, T value) {
  port = static_cast<Port>(value);
}

template <std::size_t N, std::size_t W>
void write_port(VlWide<N>& port, const Bits<W>& value) {
  static_assert(Bits<W>::kWords == N, "payload width does not match the port");
  for (std::size_t i = 0; i < N; ++i) port[i] = value.words()[i];
}

template <typename T, typename Port>
  requires std::is_integral_v<Port> && std::is_integral_v<T>
T read_port(const Port& port) {
  return static_cast<T>(port);
}

template <typename T, std::size_t N>
  requires std::is_same_v<T, Bits<T::kWidth>>
T read_port(const VlWide<N>& port) {
  static_assert(T::kWords == N, "payload width does not match the port");
  T value;
  for (std::size_t i = 0; i < N; ++i) value.words()[i] = port[i];
  return value;
}

}  // namespace baton::tb
