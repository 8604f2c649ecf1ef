// interface_addresses with GetAdaptersAddresses (iphlpapi).
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>

#include "cunzhan/platform/network.hpp"

namespace cunzhan::platform {

std::vector<std::string> interface_addresses() {
  std::vector<std::string> out;
  ULONG size = 16 * 1024;
  std::string buf;
  ULONG rc = ERROR_BUFFER_OVERFLOW;
  for (int tries = 0; rc == ERROR_BUFFER_OVERFLOW && tries < 3; ++tries) {
    buf.resize(size);
    rc = GetAdaptersAddresses(AF_UNSPEC,
                              GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER,
                              nullptr, reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buf.data()), &size);
  }
  if (rc != NO_ERROR) return out;
  for (auto* a = reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buf.data()); a; a = a->Next) {
    for (auto* u = a->FirstUnicastAddress; u; u = u->Next) {
      const sockaddr* sa = u->Address.lpSockaddr;
      char text[INET6_ADDRSTRLEN] = {};
      if (sa->sa_family == AF_INET) {
        if (inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, text, sizeof text))
          out.emplace_back(text);
      } else if (sa->sa_family == AF_INET6) {
        if (inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, text, sizeof text))
          out.push_back("[" + std::string(text) + "]");
      }
    }
  }
  return out;
}

}  // namespace cunzhan::platform
