#!/bin/sh
# As in the Kafka distribution (bin/kafka-broker-api-versions.sh): used by the health check.
exec java -Xmx128M -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '/opt/kafka/libs/*' \
  -Dlog4j.configuration=file:/opt/kafka/config/log4j.properties kafka.admin.BrokerApiVersionsCommand "$@"
