import {
  TypeBoxValidatorCompiler,
  type FastifyPluginAsyncTypebox,
  type TypeBoxTypeProvider,
} from '@fastify/type-provider-typebox';
import { AdminKickBody, AdminRoomParams, ErrorCode, type WireError } from '@tick-arena/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientIp } from '../net/admission.js';
import { ADMIN_PAGE_HEADERS, loadAdminPage } from './admin-page.js';
import type { ActionOutcome, AdminService } from './admin-service.js';
import { bearerToken } from './token-check.js';

export interface AdminRouteOptions {
  service: AdminService;
  /** True when the presented token is the configured one (constant time: `tokenChecker`). */
  checkToken: (presented: string) => boolean;
  /** Proxies of ours in front (TRUST_PROXY): the admin's address from X-Forwarded-For, as the sockets do. */
  trustProxy: number;
}

/** HTTP status of each coded error the admin API answers with. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BAD_PAYLOAD]: 400,
  [ErrorCode.UNAUTHORIZED]: 401,
  [ErrorCode.ROOM_NOT_FOUND]: 404,
  [ErrorCode.PLAYER_NOT_FOUND]: 404,
  [ErrorCode.UNAVAILABLE]: 503,
};

/** Does this URL belong to the admin page or its API? (The game's SPA fallback must never answer it.) */
export function isAdminPath(url: string): boolean {
  return url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?');
}

function sendError(reply: FastifyReply, error: WireError): FastifyReply {
  return reply.code(STATUS[error.code] ?? 500).send({ error });
}

/**
 * The admin page (`GET /admin` and its script and style, no secrets in them) and its JSON API under
 * `/admin/api`, which takes `Authorization: Bearer <ADMIN_TOKEN>` on every request, checked before the
 * body is even read. Registered only when ADMIN_TOKEN is set: otherwise `/admin` is an unknown path (404).
 * Every action is audited in the log, one line each; the token never is.
 */
export const adminRoutes: FastifyPluginAsyncTypebox<AdminRouteOptions> = async (app, opts) => {
  const page = loadAdminPage();
  app.addHook('onSend', async (_req, reply) => {
    reply.headers(ADMIN_PAGE_HEADERS);
  });
  const serve = (file: { body: string; type: string }) => async (_req: FastifyRequest, reply: FastifyReply) =>
    reply.type(file.type).send(file.body);
  app.get('/admin', serve(page.html));
  app.get('/admin/admin.js', serve(page.js));
  app.get('/admin/admin.css', serve(page.css));

  const ipOf = (req: FastifyRequest) => clientIp(req.raw, opts.trustProxy);

  await app.register(
    async (scope) => {
      const api = scope.withTypeProvider<TypeBoxTypeProvider>();
      // TypeBox's own checker, as for socket payloads: an unknown property is refused, not silently removed
      // (Fastify's default Ajv set-up strips it), and nothing is coerced.
      api.setValidatorCompiler(TypeBoxValidatorCompiler);
      // onRequest: before the body is parsed or validated, so nothing about a request is looked at
      // (or answered with a 400) until its token is right.
      api.addHook('onRequest', async (req, reply) => {
        const token = bearerToken(req.headers.authorization);
        if (token !== null && opts.checkToken(token)) return;
        req.log.warn(
          { audit: 'admin', action: 'auth', path: req.url, ip: ipOf(req), result: ErrorCode.UNAUTHORIZED },
          'admin request refused',
        );
        reply.header('www-authenticate', 'Bearer realm="tick-arena-admin"');
        return sendError(reply, {
          code: ErrorCode.UNAUTHORIZED,
          message: token === null ? 'send Authorization: Bearer <ADMIN_TOKEN>' : 'wrong admin token',
        });
      });
      api.setErrorHandler((err, req, reply) => {
        const e = err as { validation?: unknown; statusCode?: number; message: string };
        if (e.validation || (e.statusCode !== undefined && e.statusCode < 500))
          return sendError(reply, { code: ErrorCode.BAD_PAYLOAD, message: e.message });
        req.log.error({ err }, 'admin request failed');
        return sendError(reply, { code: ErrorCode.INTERNAL, message: 'internal error' });
      });

      /** One structured line per action: what, on which room and player, from where, how it ended. */
      const audit = (
        req: FastifyRequest,
        action: string,
        room: string,
        player: number | null,
        outcome: ActionOutcome,
      ) =>
        req.log.info(
          {
            audit: 'admin',
            action,
            room,
            player,
            ip: ipOf(req),
            node: outcome.node,
            result: outcome.error?.code ?? 'ok',
          },
          'admin action',
        );

      api.get('/nodes', async () => {
        const { items, complete } = await opts.service.nodes();
        return { nodes: items, complete };
      });

      api.get('/rooms', async () => {
        const { items, complete } = await opts.service.rooms();
        return { rooms: items, complete };
      });

      api.post('/rooms/:code/close', { schema: { params: AdminRoomParams } }, async (req, reply) => {
        const { code } = req.params;
        const outcome = await opts.service.closeRoom(code);
        audit(req, 'close-room', code, null, outcome);
        if (outcome.error) return sendError(reply, outcome.error);
        return { result: 'closed', room: code, node: outcome.node };
      });

      api.post(
        '/rooms/:code/kick',
        { schema: { params: AdminRoomParams, body: AdminKickBody } },
        async (req, reply) => {
          const { code } = req.params;
          const { playerId } = req.body;
          const outcome = await opts.service.kick(code, playerId);
          audit(req, 'kick-player', code, playerId, outcome);
          if (outcome.error) return sendError(reply, outcome.error);
          return { result: 'kicked', room: code, player: playerId, node: outcome.node };
        },
      );
    },
    { prefix: '/admin/api' },
  );
};
