// Boost.JSON's compiled part for the Windows build (header-only form, see
// scripts/windows/deps.cmake); the Linux build links Debian's libboost_json instead.
#include <boost/json/src.hpp>
