#!/usr/bin/env python3
"""Derives the smoke test's compose file from the real one, by program (never by hand).

    docker-compose --env-file <smoke.env> -f docker-compose.yml config | smoke-compose.py > smoke.yml

Input: the normalised file printed by `docker-compose config` (variables substituted, env_file
folded into `environment`). Output: the same stack for a machine where no container may have a
network of its own (no bridge): every service on the host's network, no `ports`, no named
networks, service names and ports rewritten to loopback addresses on ports that keep off the
machine's own servers (PostgreSQL 15432, Redis 16379, Kafka 19092/19093, gateway and services
13000-13005), shorter health-check intervals. Restart policies stay as they are: a service whose
Kafka consumer dies for good exits so that its supervisor (here: Docker) restarts it.
Fails (exit 2, naming the place) when a known port or service name survives the rewrite.

PyYAML is docker-compose 1.x's own dependency, so it is present wherever docker-compose is.
Extra environment for every app (e.g. the bootstrap admin's password) comes as JSON in the
SMOKE_APP_ENV variable. `--json` prints JSON instead of YAML (for the tests).
"""
import json
import os
import re
import sys

import yaml

# service name -> {port in the real file: port in the smoke stack}
PORTS = {
    'postgres': {5432: 15432},
    'redis': {6379: 16379},
    'kafka': {9092: 19092, 9093: 19093},
    'gateway': {3000: 13000},
    'calls': {3001: 13001},
    'applications': {3002: 13002},
    'evaluation': {3003: 13003},
    'disbursement': {3004: 13004},
    'notifications': {3005: 13005},
}
ANY_PORT = {old: new for m in PORTS.values() for old, new in m.items()}
INFRA = ('postgres', 'redis', 'kafka')
# Ports nothing of the smoke stack may use: the machine's own servers and the test platforms'.
FORBIDDEN = re.compile(r'(?:^|[:=\s@])(5432|6379|9092|9093|9192|6390|300[0-5]|4[1-9]\d\d)(?![0-9])')
NAMES = '|'.join(list(PORTS) + ['localhost'])
HOST_PORT = re.compile(r'\b(%s|127\.0\.0\.1):(\d+)\b' % NAMES)
EMPTY_HOST = re.compile(r'://:(\d+)\b')
LEFTOVER_NAME = re.compile(r'(?:^|//|@)(%s)(?=:\d|/)' % '|'.join(PORTS))


def rewrite(text):
    """Service names and ports in one string -> 127.0.0.1 and the smoke ports."""
    def host_port(m):
        port = int(m.group(2))
        if port not in ANY_PORT:
            return m.group(0)
        return '127.0.0.1:%d' % ANY_PORT[port]

    text = HOST_PORT.sub(host_port, text)
    text = EMPTY_HOST.sub(lambda m: '://127.0.0.1:%d' % ANY_PORT.get(int(m.group(1)), int(m.group(1))), text)
    return text


def walk(value, fn):
    if isinstance(value, dict):
        return {k: walk(v, fn) for k, v in value.items()}
    if isinstance(value, list):
        return [walk(v, fn) for v in value]
    if isinstance(value, str):
        return fn(value)
    return value


def strings(value, where):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, '%s.%s' % (where, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, '%s[%d]' % (where, i))
    elif value is not None and not isinstance(value, bool):
        yield where, str(value)


def environment_of(svc):
    env = svc.get('environment') or {}
    if isinstance(env, list):  # KEY=value form
        env = dict(item.split('=', 1) if '=' in item else (item, '') for item in env)
    return {k: ('' if v is None else str(v)) for k, v in env.items()}


def main():
    doc = yaml.safe_load(sys.stdin)
    services = doc.get('services') or {}
    missing = [s for s in list(INFRA) + ['migrate'] + [s for s in PORTS if s not in INFRA] if s not in services]
    if missing:
        sys.exit('smoke-compose: services missing from docker-compose config: %s' % ', '.join(missing))
    extra_env = json.loads(os.environ.get('SMOKE_APP_ENV') or '{}')

    for name, svc in services.items():
        svc['network_mode'] = 'host'
        for key in ('ports', 'networks', 'build', 'expose', 'links', 'hostname', 'extra_hosts'):
            svc.pop(key, None)
        env = {k: rewrite(v) for k, v in environment_of(svc).items()}
        # Bare port numbers (GATEWAY_PORT and the like, carried in from the env file).
        env = {k: (str(ANY_PORT[int(v)]) if k.endswith('PORT') and v.isdigit() and int(v) in ANY_PORT else v) for k, v in env.items()}
        if name in PORTS and name not in INFRA:
            port = int(environment_of(svc).get('PORT') or 0)
            if port not in PORTS[name]:
                sys.exit('smoke-compose: %s has PORT=%r, expected one of %s' % (name, env.get('PORT'), list(PORTS[name])))
            env['PORT'] = str(PORTS[name][port])
            env['HOST'] = '127.0.0.1'
            env.update(extra_env)
        if name == 'migrate':
            env.update({k: v for k, v in extra_env.items() if k.startswith('DATABASE')})
        if name == 'postgres':
            env['PGPORT'] = str(PORTS['postgres'][5432])
            svc['command'] = ['postgres', '-c', 'listen_addresses=127.0.0.1']
        if name == 'redis':
            cmd = svc.get('command') or ['redis-server']
            if isinstance(cmd, str):
                cmd = cmd.split()
            svc['command'] = list(cmd) + ['--port', str(PORTS['redis'][6379]), '--bind', '127.0.0.1']
        svc['environment'] = env
        for key in ('command', 'entrypoint'):
            if key in svc:
                svc[key] = walk(svc[key], rewrite)

        hc = svc.get('healthcheck')
        if hc and not hc.get('disable') and hc.get('test') not in (['NONE'], 'NONE'):
            test = walk(hc.get('test'), rewrite)
            if name == 'redis':
                test = walk(test, lambda s: s.replace('redis-cli ', 'redis-cli -p %d ' % PORTS['redis'][6379]))
            hc['test'] = test
            # The real file's intervals suit a long-lived stack; docker-compose up waits on the
            # infrastructure's (the services keep theirs: nothing waits on them but the smoke's
            # own /health/ready polling). Kafka's check starts a JVM: not too often.
            if name in INFRA:
                hc['interval'] = {'kafka': '4s', 'postgres': '1s', 'redis': '1s'}[name]
                hc['start_period'] = '0s'
                hc['retries'] = 90

        # Anything left that names a service or a known port is a bug of this rewrite.
        for where, text in strings(svc, name):
            if where.endswith('image') or where.endswith('_IMAGE') or where.startswith('%s.volumes' % name) or where.startswith('%s.logging' % name):
                continue
            if FORBIDDEN.search(text):
                sys.exit('smoke-compose: %s still uses a forbidden port: %r' % (where, text))
            if LEFTOVER_NAME.search(text):
                sys.exit('smoke-compose: %s still names a service (no DNS on the host network): %r' % (where, text))

    doc.pop('networks', None)
    if '--json' in sys.argv[1:]:  # for the tests (deploy/test/compose-config.int-spec.ts)
        json.dump(doc, sys.stdout, indent=2, sort_keys=True)
        return
    sys.stdout.write('# GENERATED by deploy/compose/smoke-compose.py from docker-compose.yml - do not edit.\n')
    yaml.safe_dump(doc, sys.stdout, default_flow_style=False, sort_keys=True)


if __name__ == '__main__':
    main()
