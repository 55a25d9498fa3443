#include "baton/tb/sim.hpp"

#include <algorithm>
#include <cctype>

namespace baton::tb {

std::string wave_path_for(const std::string& test_name) {
  std::string safe = test_name;
  std::replace_if(safe.begin(), safe.end(),
                  [](char c) { return !(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'); },
                  '_');
  const auto& dir = run_options().wave_dir;
  return (dir.empty() ? std::string("waves") : dir) + "/" + safe + ".fst";
}

}  // namespace baton::tb
