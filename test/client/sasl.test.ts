import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { scramExchange, scramKeys } from '../../src/client/sasl/scram.js';
import { plainExchange } from '../../src/client/sasl/plain.js';
import { SaslAuthenticationError } from '../../src/client/errors.js';

test('SCRAM-SHA-256 follows the RFC 7677 example exchange', () => {
  const x = scramExchange({ mechanism: 'SCRAM-SHA-256', username: 'user', password: 'pencil', nonce: 'rOprNGfwEbeRWgbNEkqO' });
  assert.equal(x.initial().toString(), 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
  const final = x.respond(Buffer.from('r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096'));
  assert.equal(
    final?.toString(),
    'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  );
  assert.equal(x.respond(Buffer.from('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')), undefined);
});

test('SCRAM rejects a wrong server signature and a foreign nonce', () => {
  const x = scramExchange({ mechanism: 'SCRAM-SHA-256', username: 'user', password: 'pencil', nonce: 'rOprNGfwEbeRWgbNEkqO' });
  x.initial();
  x.respond(Buffer.from('r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096'));
  assert.throws(() => x.respond(Buffer.from('v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')), SaslAuthenticationError);
  const y = scramExchange({ mechanism: 'SCRAM-SHA-256', username: 'user', password: 'pencil', nonce: 'abc' });
  y.initial();
  assert.throws(() => y.respond(Buffer.from('r=zzz123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096')), SaslAuthenticationError);
});

test('SCRAM-SHA-512 exchange verifies against an independent server computation', () => {
  const salt = randomBytes(16);
  const x = scramExchange({ mechanism: 'SCRAM-SHA-512', username: 'a=b,c', password: 'secret', nonce: 'cnonce' });
  const first = x.initial().toString();
  assert.equal(first, 'n,,n=a=3Db=2Cc,r=cnonce');
  const serverFirst = `r=cnonceSRV,s=${salt.toString('base64')},i=4096`;
  const clientFinal = x.respond(Buffer.from(serverFirst))!.toString();
  const keys = scramKeys('SCRAM-SHA-512', 'secret', salt, 4096);
  const withoutProof = clientFinal.slice(0, clientFinal.indexOf(',p='));
  const authMessage = `${first.slice(3)},${serverFirst},${withoutProof}`;
  const signature = createHmac('sha512', keys.storedKey).update(authMessage).digest();
  const proof = Buffer.from(clientFinal.slice(clientFinal.indexOf(',p=') + 3), 'base64');
  const recoveredClientKey = Buffer.from(proof.map((b, i) => b ^ signature[i]!));
  assert.deepEqual(recoveredClientKey, keys.clientKey);
  const serverSig = createHmac('sha512', keys.serverKey).update(authMessage).digest('base64');
  assert.equal(x.respond(Buffer.from(`v=${serverSig}`)), undefined);
});

test('PLAIN sends authzid NUL user NUL password', () => {
  const x = plainExchange({ username: 'alice', password: 'pw' });
  assert.deepEqual(x.initial(), Buffer.from('\u0000alice\u0000pw'));
  assert.equal(x.mechanism, 'PLAIN');
});
