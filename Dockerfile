# The pgaudit-operator image: the runnable jar on a JRE 17, as user 10001.
# Build the jar first, then the image, from the repository root:
#   ./mvnw -pl operator -am package -DskipTests
#   docker build -t pgaudit-operator:0.1.0 .
FROM eclipse-temurin:17-jre

ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="pgaudit-operator" \
      org.opencontainers.image.description="Kubernetes operator that makes pgaudit on Aiven for PostgreSQL declarative" \
      org.opencontainers.image.version="${VERSION}"

# A fixed numeric user, so Kubernetes' runAsNonRoot can verify it and the chart's runAsUser matches.
RUN groupadd --system --gid 10001 pgaudit \
 && useradd --system --uid 10001 --gid 10001 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin pgaudit

# Owned by root and read-only for the operator: the root filesystem stays read-only at run time.
COPY operator/target/pgaudit-operator.jar /opt/pgaudit-operator/pgaudit-operator.jar

USER 10001:10001
WORKDIR /tmp
EXPOSE 8080

# Heap follows the container memory limit, at 60% so that metaspace, threads, code cache and buffers
# fit beside it in the chart's 512Mi; an OutOfMemoryError restarts the pod instead of leaving a
# half-working JVM. C1 only: the operator waits on I/O, and it reaches ready sooner.
# Add or override JVM flags with JAVA_OPTS (the chart's extraEnv): they come after these defaults on
# the command line, and the last occurrence of a flag wins. JAVA_TOOL_OPTIONS would not do: the JVM
# reads it before the command line, so the defaults below would override it. exec keeps java as PID 1,
# so it gets the pod's SIGTERM and stops gracefully.
ENV JAVA_OPTS=""
ENTRYPOINT ["/bin/sh", "-c", "exec java -XX:MaxRAMPercentage=60.0 -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp $JAVA_OPTS -jar /opt/pgaudit-operator/pgaudit-operator.jar"]
