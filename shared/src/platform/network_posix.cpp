// interface_addresses with getifaddrs(3).
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include "cunzhan/platform/network.hpp"

namespace cunzhan::platform {

std::vector<std::string> interface_addresses() {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (const ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr) continue;
    char buf[INET6_ADDRSTRLEN] = {};
    if (i->ifa_addr->sa_family == AF_INET) {
      const auto* a = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
      if (::inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf)) out.emplace_back(buf);
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      const auto* a = reinterpret_cast<const sockaddr_in6*>(i->ifa_addr);
      if (::inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf)) out.push_back("[" + std::string(buf) + "]");
    }
  }
  ::freeifaddrs(list);
  return out;
}

}  // namespace cunzhan::platform
