# The Keelson operator image. Multi-stage: Maven builds the Quarkus application, a JRE runs it
# as a non-root user. DockerfileIT checks that every path copied here exists after the build.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY app-services/pom.xml app-services/
COPY operator/pom.xml operator/
# Every module of the reactor, which Maven reads even for -pl.
COPY kubectl-keelson/pom.xml kubectl-keelson/
COPY binding-keys/pom.xml binding-keys/
COPY standins/pom.xml standins/
COPY operator/src operator/src
RUN mvn -B -q -pl operator package -DskipTests

FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="keelson-operator" \
      org.opencontainers.image.description="Runs a microservice platform declaratively: Platform, Service and WorkerPool custom resources."
WORKDIR /deployments
COPY --from=build --chown=185:0 /src/operator/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build --chown=185:0 /src/operator/target/quarkus-app/quarkus-run.jar /deployments/quarkus-run.jar
COPY --from=build --chown=185:0 /src/operator/target/quarkus-app/app/ /deployments/app/
COPY --from=build --chown=185:0 /src/operator/target/quarkus-app/quarkus/ /deployments/quarkus/
USER 185
EXPOSE 8080
# Small-footprint JVM settings, measured in docs/benchmarks.md: serial GC; heap up to 60% of the
# container's memory limit (the rest is the JVM's own: metaspace, code, threads, about 130 MiB),
# its young generation capped at 24 MiB and the old one kept near its live set (20-40% free);
# C1-only JIT with a capped code cache; reflection without generated accessor classes (less
# metaspace); smaller thread stacks; two malloc arenas, whose freed memory goes back to the system
# every second (TrimNativeHeapInterval: what startup and class loading freed is not kept resident).
# The 384Mi of deploy/keelson-operator.yaml hold 5000 Services.
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=60", "-XX:MaxNewSize=24m", "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=48m", "-Dsun.reflect.inflationThreshold=2147483647", "-Xss512k", "-XX:TrimNativeHeapInterval=1000", "-XX:+ExitOnOutOfMemoryError", "-jar", "/deployments/quarkus-run.jar"]
