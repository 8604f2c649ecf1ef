// This machine's own IP addresses. network_posix.cpp (getifaddrs) / network_win.cpp
// (GetAdaptersAddresses).
#pragma once
#include <string>
#include <vector>

namespace cunzhan::platform {

// Every interface address as a Host header spells it: "192.168.1.5", "[fe80::1]".
std::vector<std::string> interface_addresses();

}  // namespace cunzhan::platform
