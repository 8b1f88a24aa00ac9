#!/bin/sh
# The entrypoint of hack/images.sh's mongo image: Keelson's MongoDB stand-in (standins/) takes
# mongod's command line and the MONGO_INITDB_ROOT_* variables, as the official image's entrypoint does;
# anything else runs as given.
set -e
if [ "$1" = mongod ]; then
  exec java -XX:+UseSerialGC -Xmx192m -XX:TieredStopAtLevel=1 -Xss512k -XX:+ExitOnOutOfMemoryError \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp '/opt/standin/*' dev.keelson.standins.mongodb.Mongod "$@"
fi
exec "$@"
