#!/usr/bin/env bash
# Installs Debian's Chromium and its ChromeDriver when they are missing: the storefront's browser
# test (app-services, StorefrontBrowserTest) drives /usr/bin/chromium through /usr/bin/chromedriver.
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then exit 0; fi
echo "chromium or chromedriver is missing: installing the Debian packages" >&2
as_root=()
[[ $(id -u) -eq 0 ]] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
/usr/bin/chromedriver --version
