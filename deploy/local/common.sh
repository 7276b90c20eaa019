# Shared by deploy/local/run and deploy/local/token: locate the project, check the JDK, build what is missing.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEV_PUBLIC_KEY="$ROOT/funnel-testing/src/main/resources/io/leadfunnel/testing/jwt/dev-public-key.pem"
LOCAL_STACK_JAR="$ROOT/deploy/local-stack/target/local-stack-0.1.0-SNAPSHOT.jar"
SERVICES=(lead-service scoring-service handoff-service metrics-service)

fail() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

require_jdk() {
  command -v java >/dev/null 2>&1 || fail "no java on the PATH; install a JDK 17 or newer"
  local version
  version=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [[ "${version%%.*}" =~ ^[0-9]+$ ]] || fail "cannot tell the Java version (java -version failed)"
  (( ${version%%.*} >= 17 )) || fail "Java $version found; the funnel needs Java 17 or newer"
}

# The artifacts the local run needs; rebuilt when missing or older than any source or POM.
artifacts() {
  echo "$LOCAL_STACK_JAR"
  echo "$ROOT/funnel-testing/target/classpath.txt"
  echo "$ROOT/deploy/demo-feed/target/classpath.txt"
  for service in "${SERVICES[@]}"; do
    echo "$ROOT/$service/target/quarkus-app/quarkus-run.jar"
  done
}

# Rebuilds when an artifact is missing or a source, POM or resource changed since the last build by these scripts.
build_if_needed() {
  local stamp="$ROOT/target/local-build.stamp" stale=""
  while read -r artifact; do
    if [[ ! -f "$artifact" ]]; then
      stale="missing ${artifact#"$ROOT"/}"
      break
    fi
  done < <(artifacts)
  if [[ -z "$stale" ]]; then
    if [[ ! -f "$stamp" ]]; then
      stale="first run"
    elif [[ -n $(find "$ROOT" -path "$ROOT/.data" -prune -o -path '*/target' -prune -o -path "$ROOT/.git" -prune -o \
        -path '*/src/test' -prune -o -type f \( -path '*/src/main/*' -o -name 'pom.xml' \) -newer "$stamp" -print -quit) ]]; then
      stale="sources changed since the last build"
    fi
  fi
  if [[ -n "$stale" ]]; then
    echo "building ($stale): ./mvnw -B -q -DskipTests install"
    (cd "$ROOT" && ./mvnw -B -q -DskipTests install) || fail "the build failed; see the output above"
    mkdir -p "$ROOT/target" && touch "$stamp"
  fi
}
