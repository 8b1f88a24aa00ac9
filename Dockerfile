# The Keelson operator image. Multi-stage: Maven builds the Quarkus application, a JRE runs it
# as a non-root user. DockerfileIT checks that every path copied here exists after the build.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY app-services/pom.xml app-services/
COPY operator/pom.xml operator/
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
# Small-footprint JVM settings, measured in docs/benchmarks.md: serial GC, heap 75% of the
# container's memory limit, C1-only JIT with a capped code cache, smaller thread stacks, and two
# malloc arenas. Give the container 384Mi for 1000 Services.
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=48m", "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-jar", "/deployments/quarkus-run.jar"]
