import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, VERSION_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, Reflector, type NestContainer } from '@nestjs/core';
import { IS_PUBLIC, REQUIRED_ROLES } from './decorators';
import { REQUIRED_SCOPE, requiredScope, type ApiScope, type ScopeRequirement } from './scopes';

/** One route of the app as the AuthGuard sees it: who may call it, and with which scope. */
export interface RouteEntry {
  /** `GET /v1/needs/:id` */
  route: string;
  controller: string;
  handler: string;
  /** As in the OpenAPI document: `Needs_get`. */
  operationId: string;
  isPublic: boolean;
  roles: string[];
  requirement?: ScopeRequirement;
  /** The scope an API key needs here; undefined: closed to keys (or, if public, answered as anonymous). */
  requiredScope?: ApiScope;
  /** The handler and its controller, for other metadata readers (idempotency, deprecation). */
  handlerRef: Function;
  controllerRef: Type;
}

const joinPath = (...parts: string[]) => `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
const first = (value: unknown) => (Array.isArray(value) ? String(value[0] ?? '') : typeof value === 'string' ? value : '');

/** The operation id the OpenAPI document gives a route (src/common/openapi.ts). */
export const operationIdOf = (controller: string, handler: string) => `${controller.replace(/Controller$/, '')}_${handler}`;

/**
 * Every controller route of the app, read from the same metadata the router and the AuthGuard
 * use (works on an app booted in preview mode: nothing is instantiated or connected).
 */
export function routeTable(app: INestApplication): RouteEntry[] {
  const container = (app as unknown as { container: NestContainer }).container;
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const seen = new Set<Type>();
  const routes: RouteEntry[] = [];
  for (const module of container.getModules().values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | undefined;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      const version = Reflect.getMetadata(VERSION_METADATA, controller) as string | string[] | undefined;
      const prefix = joinPath(version ? `v${first(version)}` : '', first(Reflect.getMetadata(PATH_METADATA, controller)));
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, (...args: unknown[]) => unknown>)[name];
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const targets: [typeof handler, Type] = [handler, controller];
        const requirement = reflector.getAllAndOverride<ScopeRequirement | undefined>(REQUIRED_SCOPE, targets);
        const verb = RequestMethod[method];
        routes.push({
          route: `${verb} ${joinPath(prefix, first(Reflect.getMetadata(PATH_METADATA, handler)))}`,
          controller: controller.name,
          handler: name,
          operationId: operationIdOf(controller.name, name),
          isPublic: !!reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets),
          roles: reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, targets) ?? [],
          requirement,
          requiredScope: requirement ? requiredScope(requirement, verb) : undefined,
          handlerRef: handler,
          controllerRef: controller,
        });
      }
    }
  }
  return routes.sort((a, b) => a.route.localeCompare(b.route));
}
