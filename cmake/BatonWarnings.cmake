# SPDX-License-Identifier: Apache-2.0
# The C++ warning sets, defined once; targets link them instead of repeating flags.
#   baton_warnings         -Wall -Wextra (designated initializers may omit fields: C++20 idiom)
#   baton_warnings_strict  baton_warnings plus -Wconversion (the ISS and the firmware config
#                          compiler, where a silent narrowing changes an architectural value)
add_library(baton_warnings INTERFACE)
target_compile_options(baton_warnings INTERFACE -Wall -Wextra -Wno-missing-field-initializers)
add_library(baton_warnings_strict INTERFACE)
target_compile_options(baton_warnings_strict INTERFACE -Wconversion -Wno-sign-conversion)
target_link_libraries(baton_warnings_strict INTERFACE baton_warnings)
